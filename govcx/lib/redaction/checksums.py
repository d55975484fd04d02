"""Check digits that tell a real card or routing number from any run of digits."""

from __future__ import annotations

_ABA_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by every payment card number."""
    if not digits.isascii() or not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def aba_valid(digits: str) -> bool:
    """The ABA routing transit number check: weights 3, 7, 1 repeated, sum divisible by 10.

    The first two digits must also be a Federal Reserve routing symbol (00-12, 21-32, 61-72,
    or 80 for traveller's cheques); all zeros is not a routing number.
    """
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits == "0" * 9:
        return False
    prefix = int(digits[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    return sum(int(d) * w for d, w in zip(digits, _ABA_WEIGHTS, strict=True)) % 10 == 0
