"""Public views, one module per page family; each view stays thin and calls selectors."""
