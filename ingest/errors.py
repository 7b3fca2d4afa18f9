"""The error every reader of an uploaded file raises when the file cannot be read.

It lives apart from :mod:`ingest.extract` (which chooses the reader for a file) and from
:mod:`ingest.formats` (the readers), so both import it and neither imports the other's
module for it: the formats sit below the code that chooses among them.
"""

from __future__ import annotations


class ExtractError(ValueError):
    """The file cannot be read as a disclosure; the message says why in one line."""
