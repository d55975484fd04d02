"""Remove personal information from free text before it is stored.

`redact` returns the text with each finding replaced by a typed placeholder ("[PHONE]"), the
findings in the original text (for measuring the redactor only; never store them) and the
placeholders in the redacted text (what is stored).
"""

from govcx.lib.redaction.agency import AgencyPattern, PatternError, compile_agency_pattern
from govcx.lib.redaction.engine import redact
from govcx.lib.redaction.model import PII_TYPES, Finding, Placeholder, Redaction

__all__ = [
    "PII_TYPES",
    "AgencyPattern",
    "Finding",
    "PatternError",
    "Placeholder",
    "Redaction",
    "compile_agency_pattern",
    "redact",
]
