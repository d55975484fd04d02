"""PDF documents drawn by WeasyPrint from govcx's own HTML, with nothing fetched from anywhere.

Print templates inline their CSS and carry their charts as data: URIs, so the renderer never
needs to open a file or an address. It is allowed data: URIs and nothing else, and anything
else stops the rendering (weasyprint.urls.FatalURLFetchingError): a stray stylesheet link or
an image on another host must fail loudly in a test, not reach out over the network from a
server or leave a silent hole in a published report.
"""

from __future__ import annotations

import logging

ALLOWED_PROTOCOLS = ("data",)

# WeasyPrint logs every step of every rendering at INFO; only its warnings are worth a line.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def pdf_from_html(html: str) -> bytes:
    """The PDF of a complete HTML document whose styles and images are all inline."""
    # Imported on first use: WeasyPrint loads Pango as it is imported, and only PDFs need it,
    # so every other page of govcx keeps working (and starting quickly) without it.
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, fail_on_errors=True)
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
