"""Read-side queries of the portal, one module per page family (Styleguide selectors)."""
