"""Spanish sentiment: the lexicon in `data/es_lexicon.txt` and Spanish grammar words, read by
the VADER-style scorer in `valence.py`."""

from __future__ import annotations

from functools import cache
from typing import Final

from govcx.lib.sentiment.lexicon import DATA, read_lexicon
from govcx.lib.sentiment.text import fold
from govcx.lib.sentiment.valence import B_DECR, B_INCR, LanguageRules, polarity

# Spanish negation is concord ("no me ayudó nadie"), which the scorer allows for. "sin" negates
# what it governs ("sin problemas", "sin resolver"). "poco amable" means unkind, so "poco"
# negates too; "un poco" is read first as one token, a dampener ("un poco lento").
_NEGATING: Final = (
    "no nunca jamás ni tampoco nada sin nadie ningún ninguno ninguna ningunos ningunas "
    "poco poca pocos pocas"
)
NEGATIONS: Final = frozenset(fold(word) for word in _NEGATING.split())

_BOOSTING: Final = (
    "muy bastante súper super demasiado demasiada demasiados demasiadas tan tanto tanta "
    "realmente totalmente completamente sumamente extremadamente increíblemente mucho "
    "muchísimo muchísima mucha más enormemente absolutamente verdaderamente especialmente "
    "particularmente tremendamente sobre_todo"
)
_DAMPENING: Final = "algo un_poco medio casi apenas ligeramente relativamente menos un_tanto"
BOOSTERS: Final[dict[str, float]] = {
    **{fold(word.replace("_", " ")): B_INCR for word in _BOOSTING.split()},
    **{fold(word.replace("_", " ")): B_DECR for word in _DAMPENING.split()},
}

# What follows "pero" outweighs what came before it, as with VADER's "but".
CONTRASTS: Final = frozenset({"pero", "sin embargo", "no obstante", "sino"})
# "aunque la fila era larga, ..." concedes: its own clause counts half.
CONCESSIVES: Final = frozenset({"aunque", "si bien", "a pesar de", "pese a"})


@cache
def spanish_rules() -> LanguageRules:
    """The Spanish rules, read once per process."""
    return LanguageRules(
        lexicon=read_lexicon(DATA / "es_lexicon.txt", key=fold),
        negations=NEGATIONS,
        boosters=BOOSTERS,
        contrasts=CONTRASTS,
        concessives=CONCESSIVES,
    )


def spanish_polarity(text: str) -> float:
    """The compound score, -1.0 .. 1.0, of a Spanish text."""
    return polarity(text, spanish_rules())
