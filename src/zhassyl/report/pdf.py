"""HTML to PDF with WeasyPrint (Pango text layout, fonts found by fontconfig).

The documents name ``DejaVu Sans`` first: Debian's ``fonts-dejavu-core``
covers every Kazakh Cyrillic letter (ә ғ қ ң ө ұ ү һ і).  System packages:
``scripts/install-pdf-deps.sh``.
"""

from __future__ import annotations


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render an HTML document to PDF bytes.

    Parameters
    ----------
    html : str
        A complete HTML document (its CSS may be inline or linked relative to ``base_url``).
    base_url : str, optional
        Where relative links (stylesheets, images) are resolved.
    """
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
