"""Every domain rule and access check. Takes a Context, returns plain data; never imports
Textual (checked by the import-linter contract in pyproject.toml)."""
