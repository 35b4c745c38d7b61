"""Printable documents: field plans and reports (HTML rendered to PDF)."""
