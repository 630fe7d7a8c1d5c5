"""Analytics library: imports no Django (enforced by import-linter)."""
