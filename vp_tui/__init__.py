"""vp-tui: case registration for agencies of external confidential counsellors."""

__version__ = "0.1.0"
