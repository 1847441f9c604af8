"""Writing reports: the Word writer (python-docx is imported only here) and its template."""
