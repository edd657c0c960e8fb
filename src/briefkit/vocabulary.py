"""The words briefkit's options take, declared once: output formats, paper sizes, PDF standards,
layouts, digest orders and the resolutions of PNG pages. The core checks values against these and
the command line offers them as its choices, so a new format or paper size is one entry here.
Imports nothing.
"""

from __future__ import annotations

OUTPUT_FORMATS = {"pdf": ".pdf", "html": ".html", "png": ".png"}
"""What a render makes, with the suffix of its default file name."""
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
"""Paper a brief can be laid out on, with its CSS ``@page`` size."""
PDF_STANDARDS = ("pdf/ua-1", "pdf/a-3b")
"""PDF standards a render can conform to (WeasyPrint's PDF variants)."""
LAYOUT_FOR_KIND = {"analysis": "analysis", "situation": "situation"}
"""The built-in layout each kind of brief is rendered with unless one is asked for."""
DIGEST_ORDERS = ("date", "given")
"""How a digest orders its briefs: oldest first, or as given."""
DEFAULT_DPI = 96
"""The resolution of PNG pages unless one is asked for."""
DPI_RANGE = (24, 600)
"""The lowest and highest resolution of PNG pages a render accepts, both included."""
