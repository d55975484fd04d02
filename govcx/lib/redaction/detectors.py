"""Every built-in detector, in one list the engine runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from govcx.lib.redaction.addresses import detect_addresses
from govcx.lib.redaction.context import Context
from govcx.lib.redaction.dates import detect_dates_of_birth
from govcx.lib.redaction.emails import detect_emails
from govcx.lib.redaction.model import Candidate
from govcx.lib.redaction.names import detect_names
from govcx.lib.redaction.numbers import (
    detect_a_number,
    detect_cards,
    detect_digit_runs,
    detect_passport,
    detect_ssn_and_tin,
)
from govcx.lib.redaction.phones import detect_phones

Detector = Callable[[str, Context], Iterable[Candidate]]

DETECTORS: tuple[Detector, ...] = (detect_emails, detect_names)
# These find nothing in a text without a digit, so the engine skips them there.
NUMBER_DETECTORS: tuple[Detector, ...] = (
    detect_phones,
    detect_ssn_and_tin,
    detect_a_number,
    detect_cards,
    detect_passport,
    detect_digit_runs,
    detect_addresses,
    detect_dates_of_birth,
)
