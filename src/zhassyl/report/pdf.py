"""PDF from HTML with WeasyPrint (Pango; fonts from the system, DejaVu Sans by default).

DejaVu Sans (Debian ``fonts-dejavu-core``) has every Kazakh letter
(ә ғ қ ң ө ұ ү һ і); ``scripts/install-pdf-deps.sh`` installs it with Pango.
"""

from __future__ import annotations

from zhassyl.errors import ZhassylError
from zhassyl.i18n import _


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render ``html`` to PDF bytes (``base_url`` resolves relative links and images)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # Pango missing: OSError from cffi
        raise ZhassylError(_("PDF output needs WeasyPrint and Pango "
                             "(scripts/install-pdf-deps.sh): {error}").format(error=exc)) from exc
    return HTML(string=html, base_url=base_url).write_pdf()
