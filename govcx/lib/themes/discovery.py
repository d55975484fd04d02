"""Discover the themes of a set of comments: groups, their key terms, size and typical comments.

The method (recorded in docs/decisions; figures in docs/benchmarks.md):

1. Each comment becomes its content terms and their bigrams (`text.analyze`). Comments with
   fewer than `MIN_CONTENT_TERMS` content words say too little to place and are unassigned.
2. TF-IDF fitted on the comments themselves (sublinear term frequency; terms in fewer than two
   comments or in more than half are dropped), reduced by truncated SVD to at most
   `SVD_DIMENSIONS` dimensions (latent semantic analysis: terms that occur together meet),
   rows normalised, so that Euclidean k-means groups by cosine similarity.
3. The number of themes k ≤ max_themes is chosen by the silhouette of k-means on a sample of
   at most `SAMPLE_SIZE` comments; k-means then runs on every comment with that k.
4. A comment whose cosine similarity to its theme's centre is under `FIT_THRESHOLD`, or whose
   theme has fewer than min_theme_size such comments, is unassigned: an honest share of
   comments fits no theme, and it is reported rather than forced into one.
5. Key terms are the terms most over-represented in a theme compared with every other comment
   (see `_key_terms`); representatives are the members nearest the centre, distinct texts.

Everything random is seeded, and the numerical work runs on one thread (see `ONE_THREAD`), so
a seed gives the same themes for the same comments whatever the number of cores.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.cluster import KMeans  # type: ignore[import-untyped]
from sklearn.decomposition import TruncatedSVD  # type: ignore[import-untyped]
from sklearn.exceptions import ConvergenceWarning  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.metrics import silhouette_score  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from govcx.lib.themes.text import content_terms, fold, with_bigrams

MIN_CONTENT_TERMS = 2
SVD_DIMENSIONS = 100
SAMPLE_SIZE = 5_000
# Calibrated on the development corpus (calibration.py): below it a comment shares too little
# with its theme to be shown as one of its members.
FIT_THRESHOLD = 0.2
MAX_KEY_TERMS = 10
MAX_REPRESENTATIVES = 5
LABEL_TERMS = 3
SPLIT_MIN_THEME_SIZE = 5
KMEANS_STARTS = 3  # k-means++ starts; the best of them is kept
# BLAS and OpenMP (the SVD, k-means, silhouettes) are held to one thread while discovery runs.
# On the 2-core benchmark machine a thread per core saved nothing when the machine was quiet
# (100,000 comments: 20.9 s against 20.0 s; short ones 9.3 s against 9.9 s) and was 2.3 times
# slower when other work held one core (20.3 s against 8.7 s): the threads wait for each
# other. One thread leaves the web server its core, and the themes do not depend on the
# number of cores (parallel sums in another order gave 11.9 % unassigned instead of 13.2 %).
ONE_THREAD = 1
# The most frequent terms and bigrams kept; it only binds on large sets (100,000 comments hold
# about 220,000 terms used twice or more), where it halves the time of the SVD.
MAX_TERMS = 50_000

# Single precision halves the memory and the time of the SVD; cosines need no more.
FloatMatrix = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class DiscoveredTheme:
    """One theme found in the comments; indices point into the texts given to discovery."""

    label: str
    key_terms: tuple[str, ...]
    members: tuple[int, ...]
    representatives: tuple[int, ...]


@dataclass(frozen=True)
class Discovery:
    """The themes found (largest first) and the comments that fit none of them."""

    themes: tuple[DiscoveredTheme, ...]
    unassigned: tuple[int, ...]
    n: int

    @property
    def unassigned_share(self) -> float:
        return len(self.unassigned) / self.n if self.n else 0.0


def discover_themes(
    texts: Sequence[str], *, max_themes: int = 12, min_theme_size: int = 10, seed: int = 0
) -> Discovery:
    """Group `texts` into at most `max_themes` themes of at least `min_theme_size` comments."""
    if max_themes < 2:
        raise ValueError(f"max_themes must be at least 2, not {max_themes}")
    if min_theme_size < 1:
        raise ValueError(f"min_theme_size must be at least 1, not {min_theme_size}")
    return discover_with(
        texts,
        candidate_ks=range(2, max_themes + 1),
        min_theme_size=min_theme_size,
        seed=seed,
        fit_threshold=FIT_THRESHOLD,
    )


def split_theme(texts: Sequence[str], *, seed: int = 0) -> Discovery:
    """Split the member texts of one theme into exactly two themes.

    Every member with enough words goes to one of the two halves: they were already judged to
    fit the theme being split. Raises ValueError when two halves of at least
    `SPLIT_MIN_THEME_SIZE` comments cannot be made.
    """
    discovery = discover_with(
        texts,
        candidate_ks=(2,),
        min_theme_size=SPLIT_MIN_THEME_SIZE,
        seed=seed,
        fit_threshold=-1.0,
    )
    if len(discovery.themes) != 2:
        raise ValueError(
            f"cannot split these {len(texts)} comments into two themes of at least "
            f"{SPLIT_MIN_THEME_SIZE}: {len(texts) - len(discovery.unassigned)} have enough "
            "words and they do not fall into two groups that large"
        )
    return discovery


def discover_with(
    texts: Sequence[str],
    *,
    candidate_ks: Iterable[int],
    min_theme_size: int,
    seed: int,
    fit_threshold: float,
) -> Discovery:
    """Discovery with its choices spelled out (`calibration.py` varies the threshold)."""
    with threadpool_limits(limits=ONE_THREAD):
        return _discover(
            texts,
            candidate_ks=candidate_ks,
            min_theme_size=min_theme_size,
            seed=seed,
            fit_threshold=fit_threshold,
        )


def _discover(
    texts: Sequence[str],
    *,
    candidate_ks: Iterable[int],
    min_theme_size: int,
    seed: int,
    fit_threshold: float,
) -> Discovery:
    terms = [content_terms(text) for text in texts]
    readable = np.array(
        [i for i, words in enumerate(terms) if len(words) >= MIN_CONTENT_TERMS], dtype=np.int64
    )
    matrix = _term_matrix([terms[i] for i in readable]) if len(readable) >= 2 else None
    if matrix is None:
        return Discovery(themes=(), unassigned=tuple(range(len(texts))), n=len(texts))
    counts, vocabulary = matrix
    vectors = _reduce(counts, seed)
    # A comment whose every term was too rare or too common has nothing to be placed by.
    placed = np.flatnonzero(np.abs(vectors).sum(axis=1) > 0)
    ks = [k for k in candidate_ks if k * min_theme_size <= len(placed) and k < len(placed)]
    if not ks:
        return Discovery(themes=(), unassigned=tuple(range(len(texts))), n=len(texts))
    labels, similarity = _cluster(vectors[placed], ks, seed)
    themes = _themes(
        texts,
        readable=readable,
        placed=placed,
        labels=labels,
        similarity=similarity,
        fit_threshold=fit_threshold,
        counts=counts,
        vocabulary=vocabulary,
        min_theme_size=min_theme_size,
    )
    members = {i for theme in themes for i in theme.members}
    unassigned = tuple(i for i in range(len(texts)) if i not in members)
    return Discovery(themes=themes, unassigned=unassigned, n=len(texts))


def _term_matrix(
    terms: list[list[str]],
) -> tuple[sparse.csr_matrix, npt.NDArray[np.str_]] | None:
    """TF-IDF of the comments' terms and bigrams and the vocabulary in column order, or None
    when no term is shared by two comments without being in more than half of them."""
    vectorizer = TfidfVectorizer(
        analyzer=with_bigrams,
        min_df=2,
        max_df=0.5,
        max_features=MAX_TERMS,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(terms)
    except ValueError:  # scikit-learn's "no terms remain" (or none could) after pruning
        return None
    return matrix.tocsr(), vectorizer.get_feature_names_out()


def _reduce(matrix: sparse.csr_matrix, seed: int) -> FloatMatrix:
    """Latent semantic vectors of unit length (rows of zeros stay zero)."""
    dimensions = min(SVD_DIMENSIONS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dimensions < 2:
        return np.asarray(matrix.toarray(), dtype=np.float32)
    svd = TruncatedSVD(n_components=dimensions, random_state=seed)
    reduced: FloatMatrix = normalize(svd.fit_transform(matrix))
    return reduced


def _cluster(vectors: FloatMatrix, ks: list[int], seed: int) -> tuple[IntArray, FloatMatrix]:
    """Each vector's cluster and its cosine similarity to that cluster's centre."""
    with warnings.catch_warnings():
        # Fewer distinct clusters than k (duplicate comments) is handled below: a cluster
        # with too few members is not a theme. It is no reason to warn the caller.
        warnings.simplefilter("ignore", ConvergenceWarning)
        k = _choose_k(vectors, ks, seed)
        model = KMeans(n_clusters=k, n_init=KMEANS_STARTS, random_state=seed).fit(vectors)
    labels: IntArray = model.labels_.astype(np.int64)
    centres = normalize(model.cluster_centers_)
    similarity: FloatMatrix = np.einsum("ij,ij->i", vectors, centres[labels])
    return labels, similarity


def _choose_k(vectors: FloatMatrix, ks: list[int], seed: int) -> int:
    """The k whose clustering of a sample has the highest silhouette."""
    if len(ks) == 1:
        return ks[0]
    rng = np.random.default_rng(seed)
    size = min(SAMPLE_SIZE, len(vectors))
    sample = vectors[np.sort(rng.choice(len(vectors), size=size, replace=False))]
    best_k, best_score = ks[0], -math.inf
    for k in ks:
        if k >= size:
            break
        labels = KMeans(n_clusters=k, n_init=KMEANS_STARTS, random_state=seed).fit_predict(sample)
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette_score(sample, labels, random_state=seed)
        if score > best_score:
            best_k, best_score = k, score
    return best_k


def _themes(
    texts: Sequence[str],
    *,
    readable: IntArray,
    placed: IntArray,
    labels: IntArray,
    similarity: FloatMatrix,
    counts: sparse.csr_matrix,
    vocabulary: npt.NDArray[np.str_],
    min_theme_size: int,
    fit_threshold: float,
) -> tuple[DiscoveredTheme, ...]:
    fits = similarity >= fit_threshold
    presence = (counts > 0).astype(np.float32).tocsr()
    everywhere = np.asarray(presence.sum(axis=0), dtype=np.float64).ravel()
    themes = []
    for cluster in np.unique(labels):
        positions = np.flatnonzero((labels == cluster) & fits)
        if len(positions) < min_theme_size:
            continue
        rows = placed[positions]  # rows of the term matrix
        order = rows[np.argsort(-similarity[positions], kind="stable")]
        key_terms = _key_terms(presence, everywhere, rows, vocabulary)
        themes.append(
            DiscoveredTheme(
                label=" · ".join(key_terms[:LABEL_TERMS]),
                key_terms=key_terms,
                members=tuple(sorted(int(readable[r]) for r in rows)),
                representatives=_representatives(texts, [int(readable[r]) for r in order]),
            )
        )
    themes.sort(key=lambda theme: (-len(theme.members), theme.members[0]))
    return tuple(themes)


def _key_terms(
    presence: sparse.csr_matrix,
    everywhere: npt.NDArray[np.float64],
    rows: IntArray,
    vocabulary: npt.NDArray[np.str_],
) -> tuple[str, ...]:
    """The terms most over-represented among `rows` compared with every other comment.

    Score: p_in · log(p_in / p_out), where p is the smoothed share of comments containing the
    term inside and outside the theme: its contribution to how far the theme's words diverge
    from the rest (Kullback-Leibler). A word frequent everywhere scores near zero; a rare word
    found only here scores little because p_in is small. A word inside a better-placed bigram
    is skipped, and a bigram takes the place of the better-placed words it contains ("refund"
    then "refund check" gives "refund check"), so a word is not shown alone and in a bigram.
    """
    inside = np.asarray(presence[rows].sum(axis=0), dtype=np.float64).ravel()
    outside = everywhere - inside
    n_in, n_out = len(rows), presence.shape[0] - len(rows)
    p_in = (inside + 0.5) / (n_in + 1)
    p_out = (outside + 0.5) / (n_out + 1)
    score = p_in * np.log(p_in / p_out)
    chosen: list[str] = []
    for column in np.argsort(-score, kind="stable"):
        if score[column] <= 0 or len(chosen) == MAX_KEY_TERMS:
            break
        _add_term(chosen, str(vocabulary[column]))
    return tuple(chosen)


def _add_term(chosen: list[str], term: str) -> None:
    words = term.split()
    if len(words) == 1:
        if not any(term in other.split() for other in chosen):
            chosen.append(term)
        return
    if " ".join(reversed(words)) in chosen:  # "check refund" after "refund check"
        return
    contained = [i for i, other in enumerate(chosen) if other in words]
    if not contained:
        chosen.append(term)
        return
    chosen[contained[0]] = term
    for i in reversed(contained[1:]):
        del chosen[i]


def _representatives(texts: Sequence[str], nearest_first: list[int]) -> tuple[int, ...]:
    """Up to `MAX_REPRESENTATIVES` members, nearest the centre first, no two alike."""
    seen: set[str] = set()
    chosen = []
    for index in nearest_first:
        key = " ".join(fold(texts[index]).split())
        if key not in seen:
            seen.add(key)
            chosen.append(index)
            if len(chosen) == MAX_REPRESENTATIVES:
                break
    return tuple(chosen)
