"""Output encodings that stay well-formed whatever an article contained. Pure functions.

- ``strict_json``: JSON that every parser accepts (a non-finite number becomes null; ``allow_nan=False``
  makes any that slipped through an error, never ``Infinity``).
- ``csv_cell``: a text cell a spreadsheet will not run as a formula (OWASP CSV injection), line ends as LF,
  no control characters but tab and LF.
- ``xml_text``: text without the characters XML 1.0 forbids (GraphML must parse).
- ``terminal_text``: text without control characters (no escape sequence reaches the terminal).
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

# Cells a spreadsheet reads as a formula or a command when they start with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# C0 and C1 controls (tab and newline kept where a caller allows them), DEL, and the bidirectional
# overrides that make a terminal show text in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_ALL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def finite(value: Any) -> Any:
    """``value`` with every non-finite float (inf, -inf, nan) replaced by None, through lists and dicts."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def strict_json(value: Any, **kwargs: Any) -> str:
    kwargs.setdefault("ensure_ascii", False)
    return json.dumps(finite(value), allow_nan=False, **kwargs)


def csv_cell(value: Any) -> Any:
    """A text cell that starts like a formula gets a leading apostrophe; numbers and other cells pass."""
    if not isinstance(value, str):
        return value
    # kg writes LF line ends, so the csv module quotes a field holding LF but not one holding a bare CR
    value = terminal_text(value.replace("\r\n", "\n").replace("\r", "\n"))  # and no escape sequence for `cat`
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xml_text(value: Any) -> Any:
    """XML-legal text; line ends as an XML parser will read them back (CR LF and CR become LF)."""
    if not isinstance(value, str):
        return value
    return _XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def terminal_text(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with control characters removed (tab and newline kept when ``keep_newlines``)."""
    return (_CONTROL if keep_newlines else _CONTROL_ALL).sub("", text)
