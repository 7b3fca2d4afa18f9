"""django-tables2 tables, one module per page they serve; headers use the official Chinese terms."""
