"""Reusable Textual pieces shared by the screens."""
