"""django-filter FilterSets, one module per page they serve: GET parameters -> validated lookups."""
