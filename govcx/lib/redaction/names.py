"""Person names, from census name lists combined with capitalisation and cue words.

Three ways to be a name:
- after a cue that announces one ("my name is", "me llamo", "Mr.", "Agent", "my son",
  "thanks,", "hablé con"): strong cues accept any capitalised word, weak cues a listed name;
- a capitalised first name followed by a capitalised listed name ("Maria Lopez");
- a capitalised first name alone ("Jennifer was great") when it is not also an everyday word.
Names that are words ("Will", "Grace", "June", "Luz") therefore need a cue or a surname, and
places, agencies and programs ("Austin", "Medicare") are never read as names without a cue.
"""

from __future__ import annotations

from collections.abc import Iterator

from govcx.lib.redaction.context import Context, Token
from govcx.lib.redaction.lexicon import ANY_NAME, FIRST_NAMES, NAME_WORDS, NOT_PERSON, SURNAMES
from govcx.lib.redaction.model import Candidate
from govcx.lib.redaction.name_cues import (
    CUE_FIRST_WORDS,
    CUE_PHRASES,
    GENERIC,
    LONGEST_CUE,
    NAMING,
    STRONG,
    TITLES,
    WEAK,
)
from govcx.lib.redaction.name_lists import (
    DETERMINERS,
    GENERATIONS,
    INSTITUTION_WORDS,
    LOWERCASE_WORDS,
    MONTHS,
    NAMED_AFTER,
    NOT_FIRST_NAMES,
    PARTICLES,
    PERSON_LIKE_PLACES,
    PERSON_PREPOSITIONS,
    PERSON_VERBS,
    PLACE_PREFIX,
    PLACE_PREPOSITION,
    SPANISH_OBJECTS,
    STOP,
    TIME_WORDS,
)

RANK_NAME = 4
MAX_NAME_TOKENS = 4
_EVERYDAY_WORDS = NAME_WORDS | LOWERCASE_WORDS


def detect_names(text: str, context: Context) -> Iterator[Candidate]:
    tokens = context.tokens
    taken: set[int] = set()
    for first, last in _cued_names(text, tokens):
        taken.update(range(first, last + 1))
        yield _candidate(tokens, first, last)
    for first, last in _uncued_names(text, tokens, taken):
        yield _candidate(tokens, first, last)


def _candidate(tokens: list[Token], first: int, last: int) -> Candidate:
    return Candidate("NAME", tokens[first].start, tokens[last].end, RANK_NAME)


def _cued_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    for index, strength in sorted(_cued_positions(text, tokens).items()):
        span = _name_after_cue(text, tokens, index, strength)
        if span:
            yield span


def _cued_positions(text: str, tokens: list[Token]) -> dict[int, int]:
    """Token index -> strength of the strongest cue phrase that ends right before it."""
    found: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.key in CUE_FIRST_WORDS:
            for after, strength in _cues_from(text, tokens, index):
                found[after] = max(strength, found.get(after, strength))
        elif token.capitalised and index not in found and _after_dash(text, token.start):
            found[index] = WEAK
    return found


def _cues_from(text: str, tokens: list[Token], index: int) -> Iterator[tuple[int, int]]:
    """(index of the word after the phrase, strength) for each cue phrase starting here."""
    keys: tuple[str, ...] = ()
    for after in range(index + 1, min(index + LONGEST_CUE, len(tokens) - 1) + 1):
        if (
            after > index + 1
            and not text[tokens[after - 2].end : tokens[after - 1].start].isspace()
        ):
            return
        keys += (tokens[after - 1].key,)
        strength = CUE_PHRASES.get(keys)
        if strength is not None and _cue_gap(text, tokens[after - 1].end, tokens[after].start):
            yield after, strength


def _cue_gap(text: str, end: int, start: int) -> bool:
    """Between a cue and the name: spaces, a comma, a colon or the dot of "Mr."."""
    gap = text[end:start]
    return len(gap) <= 4 and not gap.strip(" \t\n,.:") and (gap[:1] != "." or len(gap) <= 2)


def _after_dash(text: str, start: int) -> bool:
    """A signature such as "- John Smith" or "— Maria" on its own line or after the text."""
    before = text[max(0, start - 4) : start].rstrip(" ")
    if not before or before[-1] not in "-–—~":
        return False
    head = before.rstrip("-–—~")
    return not head or head[-1].isspace()


def _name_after_cue(
    text: str, tokens: list[Token], index: int, strength: int
) -> tuple[int, int] | None:
    token = tokens[index]
    if token.key in STOP or token.key in TITLES or _followed_by_digit(text, token):
        return None
    if not token.capitalised:
        if not _lowercase_after_cue(token, strength):
            return None
        return index, _extend_lowercase(tokens, index)
    if strength >= STRONG:
        if token.key in NOT_PERSON and token.key not in ANY_NAME:
            return None
        return index, _extend(text, tokens, index, any_capitalised=True)
    if strength > GENERIC and _unlisted_full_name(text, tokens, index):
        last = _extend(text, tokens, index, any_capitalised=True)
    elif _listed_after_cue(token, strength):
        last = _extend(text, tokens, index, any_capitalised=False)
    else:
        return None
    if _named_after(text, tokens, last):
        return None  # "thanks to the Lincoln Memorial" names no one
    return index, last


def _lowercase_after_cue(token: Token, strength: int) -> bool:
    """ "my name is will": a strong cue makes any listed word a name; after a weaker one
    ("spoke with jennifer") only a first name that is no everyday word counts."""
    if strength == NAMING:
        return token.key in ANY_NAME
    if strength == STRONG:
        # "officer lopez", but not "the officer never called": no everyday word after a role.
        return token.key in ANY_NAME and token.key not in _EVERYDAY_WORDS
    return (
        token.key in FIRST_NAMES
        and token.key not in NAME_WORDS
        and token.key not in LOWERCASE_WORDS
        and token.key not in NOT_PERSON
    )


def _listed_after_cue(token: Token, strength: int) -> bool:
    if strength <= WEAK and (token.key not in ANY_NAME or token.key in NOT_PERSON):
        return False
    if strength == GENERIC and token.key in NAME_WORDS:
        return False
    return token.key in ANY_NAME or token.key not in NOT_PERSON


def _unlisted_full_name(text: str, tokens: list[Token], index: int) -> bool:
    """Two capitalised words after a cue, the first in no list: "with Kenji Watanabe".

    The lists come from one census; names from everywhere else are still names.
    """
    if index + 1 >= len(tokens) or not _adjacent(text, tokens[index], tokens[index + 1]):
        return False
    first, second = tokens[index], tokens[index + 1]
    return (
        first.key not in ANY_NAME
        and not _blocks_name(first)
        and second.capitalised
        and not _blocks_name(second)
        and len(first.key) > 1
    )


def _blocks_name(token: Token) -> bool:
    """A word that ends a name: an agency or place word, unless it is also a surname."""
    if token.key in STOP or token.key in TITLES or token.key in INSTITUTION_WORDS:
        return True
    if token.key in NAMED_AFTER:
        return True
    return token.key in NOT_PERSON and token.key not in SURNAMES


def _extend(text: str, tokens: list[Token], index: int, *, any_capitalised: bool) -> int:
    """The last token of the name that starts at `index`: listed (or, after a strong cue, any
    capitalised) words, with particles ("de la") and initials ("J.") between them."""
    last = index
    probe = index + 1
    while probe < len(tokens) and probe - index < MAX_NAME_TOKENS + 2:
        if not _adjacent(text, tokens[probe - 1], tokens[probe]):
            break
        token = tokens[probe]
        if token.key in PARTICLES and not token.capitalised:
            probe += 1
            continue
        if not token.capitalised or _blocks_name(token):
            break
        named = any_capitalised or _listed(token) or _is_initial(text, token)
        if not named and token.key not in GENERATIONS:
            break
        last = probe
        probe += 1
    return last


def _extend_lowercase(tokens: list[Token], index: int) -> int:
    last = index
    for probe in range(index + 1, min(len(tokens), index + MAX_NAME_TOKENS)):
        token = tokens[probe]
        if token.key not in ANY_NAME or token.key in NAME_WORDS or token.key in STOP:
            break
        last = probe
    return last


def _listed(token: Token) -> bool:
    if token.key in ANY_NAME:
        return True
    return "-" in token.key and any(part in ANY_NAME for part in token.key.split("-"))


def _is_initial(text: str, token: Token) -> bool:
    return token.end - token.start == 1 and text[token.end : token.end + 1] == "."


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Only spaces (or the dot of an initial) between two words of one name."""
    gap = text[left.end : right.start]
    return (
        gap in {" ", ". "}
        if gap.startswith(".")
        else (0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap)
    )


def _followed_by_digit(text: str, token: Token) -> bool:
    """ "June 5" is a date, not a person called June."""
    if token.key not in MONTHS:
        return False
    rest = text[token.end : token.end + 3].lstrip(" ,")
    return rest[:1].isdigit()


def _uncued_names(text: str, tokens: list[Token], taken: set[int]) -> Iterator[tuple[int, int]]:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not token.capitalised:
            if index not in taken and _lowercase_full_name(text, tokens, index):
                yield index, index + 1
                index += 2
            else:
                index += 1
            continue
        if index not in taken and _unlisted_before_surname(text, tokens, index):
            last = _extend(text, tokens, index + 1, any_capitalised=False)
            yield index, last
            index = last + 1
            continue
        if index in taken or not _could_start_name(token):
            index += 1
            continue
        last = _extend(text, tokens, index, any_capitalised=False)
        if _accept_uncued(text, tokens, index, last):
            yield index, last
        # A refused run ("the Martin Luther King Memorial") is refused whole, not word by word.
        index = last + 1


def _lowercase_full_name(text: str, tokens: list[Token], index: int) -> bool:
    """ "maria lopez helped me": written without capitals, a listed first name and a listed
    surname together, neither of them an everyday word, are still a name."""
    first = tokens[index].key
    if first not in FIRST_NAMES or first in _EVERYDAY_WORDS or first in STOP:
        return False  # the common case, decided by set lookups alone
    if index + 1 >= len(tokens) or not _adjacent(text, tokens[index], tokens[index + 1]):
        return False
    second = tokens[index + 1]
    return (
        second.key in SURNAMES
        and not second.capitalised
        and second.key not in _EVERYDAY_WORDS
        and second.key not in STOP
    )


def _could_start_name(token: Token) -> bool:
    return (
        token.capitalised
        and token.key in FIRST_NAMES
        and token.key not in NOT_PERSON
        and token.key not in STOP
    )


def _unlisted_before_surname(text: str, tokens: list[Token], index: int) -> bool:
    """ "Olumide Bennett": an unlisted capitalised word right before a surname that is no
    ordinary word is a first name the census list does not know."""
    token = tokens[index]
    if not token.capitalised or token.key in ANY_NAME or len(token.key) < 3:
        return False
    if _blocks_name(token) or token.key in NOT_FIRST_NAMES or token.key in CUE_FIRST_WORDS:
        return False
    if index + 1 >= len(tokens) or not _adjacent(text, token, tokens[index + 1]):
        return False
    surname = tokens[index + 1]
    return (
        surname.capitalised
        and surname.key in SURNAMES
        and surname.key not in NAME_WORDS
        and surname.key not in NOT_PERSON
    )


def _accept_uncued(text: str, tokens: list[Token], first: int, last: int) -> bool:
    if _place_before(tokens, first) or _followed_by_digit(text, tokens[first]):
        return False
    if tokens[first].key in PLACE_PREFIX:
        return False  # "Santa Cruz", "Mount Rushmore"
    if _part_of_a_title(tokens, first):
        return False  # "La Virgen de Guadalupe", "Our Lady of Grace"
    if first > 0 and tokens[first - 1].key in DETERMINERS:
        return False  # "the Roosevelt Arch", "la Marina": a thing named after someone
    if _named_after(text, tokens, last):
        return False  # "Jefferson Memorial", "Martin Luther King Day"
    if first == last:
        return _single_name(text, tokens, first)
    if all(tokens[i].key in NAME_WORDS for i in range(first, last + 1)):
        return not _sentence_initial(text, tokens[first].start)
    return True


def _part_of_a_title(tokens: list[Token], index: int) -> bool:
    if index < 2 or tokens[index - 1].key not in {"of", "de", "del"}:
        return False
    return tokens[index - 2].capitalised


def _named_after(text: str, tokens: list[Token], last: int) -> bool:
    following = last + 1
    if following >= len(tokens) or not _adjacent(text, tokens[last], tokens[following]):
        return False
    return tokens[following].capitalised and tokens[following].key in NAMED_AFTER


def _single_name(text: str, tokens: list[Token], index: int) -> bool:
    """A lone capitalised first name; one that is also a word needs the sentence to say so."""
    token = tokens[index]
    if token.key not in NAME_WORDS:
        return True
    if token.key in PERSON_LIKE_PLACES or _month_as_date(tokens, index):
        return False
    if index > 0 and tokens[index - 1].capitalised and not _sentence_initial(text, token.start):
        return False  # "Amazing Grace"
    if index > 0 and tokens[index - 1].key in {"of", "de"}:
        return False  # "Statue of Liberty", "City of Hope"
    if _person_follows(tokens, index):
        return True
    # Mid-sentence capitals on a word mark a name ("ask for Grace"), unless they are part of
    # a longer capitalised title ("Amazing Grace", "Hope Program").
    return not _sentence_initial(text, token.start) and not _capitalised_neighbour(tokens, index)


def _month_as_date(tokens: list[Token], index: int) -> bool:
    """ "in June", "since May": a month after a word of time is the month, not a person."""
    if tokens[index].key not in MONTHS:
        return False
    if index > 0 and tokens[index - 1].key in TIME_WORDS:
        return True
    nearby = tokens[max(0, index - 2) : index] + tokens[index + 1 : index + 3]
    return any(token.key in MONTHS for token in nearby)  # "in May and June"


def _person_follows(tokens: list[Token], index: int) -> bool:
    """ "Faith was the only one", "Will at the VA clinic", "Soledad me ayudó"."""
    if index + 1 >= len(tokens):
        return False
    following = tokens[index + 1].key
    if following in PERSON_VERBS:
        return True
    if following in SPANISH_OBJECTS and index + 2 < len(tokens):
        return tokens[index + 2].key in PERSON_VERBS  # "Soledad me ayudó"
    if index + 2 < len(tokens) and following in PERSON_PREPOSITIONS:
        return tokens[index + 2].key in DETERMINERS
    return False


def _capitalised_neighbour(tokens: list[Token], index: int) -> bool:
    before = index > 0 and tokens[index - 1].capitalised
    after = index + 1 < len(tokens) and tokens[index + 1].capitalised
    return before or after


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip()
    return not before or before[-1] in '.!?:;"“(¡¿\n-–—'


def _place_before(tokens: list[Token], index: int) -> bool:
    if index == 0 or tokens[index].start - tokens[index - 1].end > 2:
        return False
    before = tokens[index - 1].key
    if before in PLACE_PREFIX:
        return True
    return before in PLACE_PREPOSITION and tokens[index].key in PERSON_LIKE_PLACES
