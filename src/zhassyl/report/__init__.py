"""Printable reports: HTML from Jinja2 templates shipped in the package, PDF, XLSX."""
