"""Read the lexicon files in `data/`: one entry a line, a tab, a valence on VADER's -4..+4 scale."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

DATA: Final = Path(__file__).resolve().parent / "data"
MAX_VALENCE: Final = 4.0


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and line."""


def read_lexicon(path: Path, *, key: Callable[[str], str]) -> dict[str, float]:
    """The entries of a lexicon file, keyed by `key(entry)`. Comments start with "#".

    A malformed line, a valence outside -4..+4 or an entry repeated (after `key`) is an error,
    so a mistake in the file fails loudly at the first use instead of scoring quietly wrong.
    """
    name = path.name
    entries: dict[str, float] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        entry, valence = _parse(line, f"{name}:{number}")
        folded = key(entry)
        if folded in entries:
            raise LexiconError(f"{name}:{number}: {entry!r} is already listed")
        entries[folded] = valence
    return entries


def _parse(line: str, where: str) -> tuple[str, float]:
    parts = line.split("\t")
    if len(parts) != 2 or not parts[0].strip():
        raise LexiconError(f"{where}: expected an entry, a tab and a valence")
    try:
        valence = float(parts[1])
    except ValueError:
        raise LexiconError(f"{where}: {parts[1]!r} is not a number") from None
    if not -MAX_VALENCE <= valence <= MAX_VALENCE:
        raise LexiconError(f"{where}: valence {valence} is outside -4..+4")
    return " ".join(parts[0].split()), valence
