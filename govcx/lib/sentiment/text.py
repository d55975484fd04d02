"""Text helpers shared by the scorers: placeholders, whether there is anything to read, accents."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# The redactor's typed placeholders ("[NAME]", "[CLAIM_NUMBER]", an agency's own label). They
# stand for something removed and carry no sentiment. Read as words they would stretch the
# reach of a negation ("not even [NAME] could help" leaves "not" too far from "help"), be looked
# up in a lexicon, or count as words in capitals.
PLACEHOLDER: Final = re.compile(r"\[[A-Z][A-Z0-9_]*\]")

# Only the acute accent and the diaeresis are folded: people often type Spanish without them
# ("atencion", "rapido"). "ñ" is kept, since "año" and "ano" are different words.
_FOLD: Final = str.maketrans("áéíóúüÁÉÍÓÚÜ", "aeiouuAEIOUU")


# Handles ("@united") and web addresses name someone or somewhere; they say nothing about how
# the service went, yet a lexicon reads the words inside them ("united" is a positive word).
HANDLE_OR_ADDRESS: Final = re.compile(r"(?<![\w.])@\w+|\b(?:https?://|www\.)\S+", re.IGNORECASE)


def readable(text: str) -> str:
    """What the scorers read: `text` without placeholders, handles and web addresses."""
    text = without_placeholders(text)
    if "@" not in text and "http" not in text.lower() and "www." not in text.lower():
        return text
    return HANDLE_OR_ADDRESS.sub(" ", text)


def without_placeholders(text: str) -> str:
    """`text` with every placeholder removed."""
    if "[" not in text:
        return text
    return PLACEHOLDER.sub(" ", text)


def has_content(text: str) -> bool:
    """Whether anything is left to read: a letter, a digit or a symbol such as an emoji."""
    return any(ch.isalnum() or _is_symbol(ch) for ch in text)


def _is_symbol(ch: str) -> bool:
    # An emoji ("other symbol") says something; ASCII symbols such as $, % or + alone do not.
    return ord(ch) > 0x7F and unicodedata.category(ch) == "So"


def fold(word: str) -> str:
    """Lower case without acute accents or diaeresis: "Atención" -> "atencion"."""
    return word.lower().translate(_FOLD)
