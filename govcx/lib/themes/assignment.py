"""Assign arriving comments to an organization's own themes.

A theme is defined by a person: a name, a description, key terms and example comments (people's
corrections become examples). Nothing is fitted on the comments, so each comment is assigned
on its own as it arrives and the same comment always gets the same theme from the same
definitions.

Each comment becomes a hashed bag of its terms and bigrams (`text.analyze`, the same reading as
discovery), with sublinear term frequency, of unit length. Each theme has:

- a **profile**: its name, description, key terms and the centre of its examples, each of
  unit length, added with the weights below, so that a theme with no examples still works
  from its words alone. Each term is then weighted by how few themes' profiles hold it
  (an inverse document frequency over the themes), so a word every theme mentions decides
  nothing;
- its **examples**, each its own vector.

A comment's score for a theme is the larger of its cosine similarity to the profile and
`NEAREST_EXAMPLE_WEIGHT` times its similarity to the theme's nearest example. The profile
generalises from the definition; the nearest example lets a correction take effect for
comments like the corrected one even when the theme has many other examples, while the
weight keeps one shared word with a short example from outscoring a profile. The best theme
is assigned when its score reaches the threshold; otherwise the comment fits no theme (None).

Weights and threshold were calibrated on the development corpus (`calibration.py`): on it,
accuracy hardly moved with the weights of name, description and key terms (within 0.01 for
description 0.25–1 and key terms 1–2). With the threshold at 0.1, 97 % of short comments about
a topic got a theme (93 % the right one) and none of the comments about nothing did; with five
examples per theme, 8 % of those did, all the same sentence sharing one word with an example.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

from govcx.lib.themes.text import analyze

DEFAULT_THRESHOLD = 0.1
NAME_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.5
KEY_TERMS_WEIGHT = 1.5
EXAMPLES_WEIGHT = 1.0
NEAREST_EXAMPLE_WEIGHT = 0.75
# Comments are scored at most this many at a time, and fewer when there are many examples, so
# that a batch's similarity matrix stays under MAX_CELLS values (40 MB).
BATCH = 1_000
MAX_CELLS = 5_000_000

FloatMatrix = npt.NDArray[np.float64]

_VECTORIZER = HashingVectorizer(
    analyzer=analyze, n_features=2**20, alternate_sign=False, norm=None, dtype=np.float64
)


@dataclass(frozen=True)
class ThemeDefinition:
    """A theme as an organization defines it; `key` is the caller's identifier."""

    key: str
    name: str
    description: str = ""
    key_terms: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    """The theme a comment was assigned to and its similarity to it (0 to 1)."""

    key: str
    score: float


class ThemeAssigner:
    """Assigns comments to the best of a fixed set of theme definitions, or to none."""

    def __init__(
        self, definitions: Sequence[ThemeDefinition], *, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        _check_definitions(definitions, threshold)
        self.threshold = threshold
        self._keys = [definition.key for definition in definitions]
        self._profiles = _profiles(definitions)
        self._examples = _examples(definitions)
        # Examples are in theme order: the themes that have any, and where each one's begin.
        counts = np.array([len(definition.examples) for definition in definitions])
        self._themes_with_examples = np.flatnonzero(counts)
        self._example_starts = (np.cumsum(counts) - counts)[self._themes_with_examples]
        self._batch = max(1, min(BATCH, MAX_CELLS // (len(definitions) + int(counts.sum()))))

    def assign(self, texts: Sequence[str]) -> list[Assignment | None]:
        """The theme of each text, in order; None where no theme reaches the threshold."""
        assignments: list[Assignment | None] = []
        for start in range(0, len(texts), self._batch):
            scores = self._scores(vectorize(texts[start : start + self._batch]))
            assignments.extend(self._best(row) for row in scores)
        return assignments

    def assign_one(self, text: str) -> Assignment | None:
        return self.assign([text])[0]

    def _scores(self, comments: sparse.csr_matrix) -> FloatMatrix:
        """Each comment's score for each theme (rows: comments, columns: themes)."""
        scores: FloatMatrix = (comments @ self._profiles.T).toarray()
        if self._examples.shape[0]:
            by_example = (comments @ self._examples.T).toarray()
            nearest = np.zeros_like(scores)
            nearest[:, self._themes_with_examples] = np.maximum.reduceat(
                by_example, self._example_starts, axis=1
            )
            scores = np.maximum(scores, NEAREST_EXAMPLE_WEIGHT * nearest)
        return scores

    def _best(self, scores: FloatMatrix) -> Assignment | None:
        best = int(np.argmax(scores))
        score = float(min(scores[best], 1.0))
        return Assignment(self._keys[best], score) if score >= self.threshold else None


def vectorize(texts: Sequence[str]) -> sparse.csr_matrix:
    """Hashed term vectors of unit length with sublinear term frequency (1 + log tf)."""
    counts = _VECTORIZER.transform(texts).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    vectors: sparse.csr_matrix = normalize(counts)
    return vectors


def _profiles(definitions: Sequence[ThemeDefinition]) -> sparse.csr_matrix:
    rows = [_profile(definition) for definition in definitions]
    profiles = sparse.vstack(rows).tocsr()
    themes_with_term = np.bincount(profiles.indices, minlength=profiles.shape[1])
    rarity = np.log((1 + len(definitions)) / (1 + themes_with_term)) + 1.0
    weighted: sparse.csr_matrix = normalize(profiles @ sparse.diags(rarity))
    return weighted


def _profile(definition: ThemeDefinition) -> sparse.csr_matrix:
    parts = [
        (NAME_WEIGHT, [definition.name]),
        (DESCRIPTION_WEIGHT, [definition.description]),
        (KEY_TERMS_WEIGHT, list(definition.key_terms)),
        (EXAMPLES_WEIGHT, list(definition.examples)),
    ]
    profile = sparse.csr_matrix((1, _VECTORIZER.n_features))
    for weight, texts in parts:
        if any(text.strip() for text in texts):
            centre = sparse.csr_matrix(vectorize(texts).mean(axis=0))
            profile = profile + weight * normalize(centre)
    return profile


def _examples(definitions: Sequence[ThemeDefinition]) -> sparse.csr_matrix:
    """Every example's vector, theme after theme in the definitions' order."""
    texts = [example for definition in definitions for example in definition.examples]
    if not texts:
        return sparse.csr_matrix((0, _VECTORIZER.n_features))
    return vectorize(texts)


def _check_definitions(definitions: Sequence[ThemeDefinition], threshold: float) -> None:
    if not definitions:
        raise ValueError("at least one theme definition is needed")
    keys = [definition.key for definition in definitions]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"theme keys must be unique; repeated: {', '.join(duplicates)}")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    for definition in definitions:
        words = (definition.name, definition.description, *definition.key_terms)
        if not analyze(" ".join((*words, *definition.examples))):
            raise ValueError(
                f"theme {definition.key!r} has no content words in its name, description, key "
                "terms or examples, so nothing could be assigned to it"
            )
