"""Parks pages, one module per concern: directory, claims, changes, listings, accounts."""
