"""The labelled set that measures the redactor, and the agency pattern it is measured with.

`held_out.jsonl` gives the reported figures; `development.jsonl` is the one to tune against.
Each line is one comment: {"id", "language", "text", "spans": [{"start", "end", "type"}],
"note"}. Spans are character offsets into `text` (end exclusive). `build.py` writes both files
and states what a span covers; `score.py` measures a redactor against them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from govcx.lib.redaction import AgencyPattern, compile_agency_pattern

EVALUATION_DIR: Final = Path(__file__).resolve().parent
SETS: Final = {
    "held_out": EVALUATION_DIR / "held_out.jsonl",
    "development": EVALUATION_DIR / "development.jsonl",
}

# The example agency's claim numbers: "CLM-", the year, a hyphen, seven digits. The set labels
# them CLAIM_NUMBER, so agency-defined patterns are measured like the built-in types.
CLAIM_NUMBER_PATTERN: Final = r"\bCLM-\d{4}-\d{7}\b"
EVALUATION_PATTERNS: Final[tuple[AgencyPattern, ...]] = (
    compile_agency_pattern(
        "CLAIM_NUMBER",
        CLAIM_NUMBER_PATTERN,
        "Please look up claim CLM-2024-0012345 for me.",
    ),
)
