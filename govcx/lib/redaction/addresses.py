"""Street addresses (US and Spanish forms) and post office boxes, with or without a ZIP code.

The anchor is the street itself: a house number, a street name and a street type ("Street",
"Ave", "calle"). The unit, city, state and ZIP are taken along when they follow, so the whole
address becomes one placeholder; none of them is needed for the address to be found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govcx.lib.redaction.context import Context
from govcx.lib.redaction.model import Candidate

RANK_ADDRESS = 2


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SUFFIXES = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl"
    "|highway|hwy|parkway|pkwy|circle|cir|terrace|ter|trail|trl|square|sq|loop|alley|aly"
    "|pike|expressway|expy|freeway|fwy|crossing|xing|plaza|plz|ridge|rdg|heights|hts"
    "|turnpike|tpke|cove|cv|path|run|row|walk|commons|bend|point|pt|pass|glen|grove|grv"
    "|hollow|holw|landing|lndg|manor|mnr|meadows?|mdws?|park|pkway|estates?|vista|view|vw"
    "|close|crescent|cres|creek|crk|station|sta|center|ctr|causeway|cswy|junction|jct"
    "|mall|mews|oval|spur|track|trace|trce|valley|vly|village|vlg|ville|woods?"
)
_DIRECTION = (
    r"(?:n|s|e|w|ne|nw|se|sw|north|south|east|west|northeast|northwest|southeast|southwest)\.?"
)
_UNIT = (
    r"(?:,?\s*(?:apartamento|apartment|departamento|building|interior|edificio|manzana|bloque"
    r"|suite|floor|space|depto|torre|casa|lote|edif|apto|unit|room|bldg|dept|piso|apt|ste|rm"
    r"|fl|lot|spc|int|mz)(?![a-z])\.?\s*#?\s*"
    r"[a-z0-9][a-z0-9-]{0,5}(?![\w-])"
    r"|,?\s*#\s*[a-z0-9][a-z0-9-]{0,5}(?![\w-]))"
)
_STATES = (
    "al|ak|az|ar|ca|co|ct|de|dc|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh"
    "|nj|nm|ny|nc|nd|oh|ok|or|pa|pr|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|gu|vi|as|mp"
    "|alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia"
    "|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland"
    "|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada"
    "|new\\s+hampshire|new\\s+jersey|new\\s+mexico|new\\s+york|north\\s+carolina|north\\s+dakota"
    "|ohio|oklahoma|oregon|pennsylvania|rhode\\s+island|south\\s+carolina|south\\s+dakota"
    "|tennessee|texas|utah|vermont|virginia|washington|west\\s+virginia|wisconsin|wyoming"
    "|puerto\\s+rico|guam|district\\s+of\\s+columbia"
)
# "Col. Centro", "Urb. Las Gladiolas": the neighbourhood is part of a Spanish address.
_NEIGHBOURHOOD = (
    r"(?:,?\s*(?:col|colonia|barrio|urb|urbanizaci[oó]n|sector|fracc|fraccionamiento)\.?\s+"
    r"(?:(?:de\s+)?(?:la\s+|las\s+|los\s+|el\s+)?[\wÀ-ÿ]{2,30}\s?){1,3})"
)
_WORD = r"(?:[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'.-]*|\d{1,3}(?:st|nd|rd|th)|[A-Z])"
_CITY_STATE_ZIP = (
    rf"(?:,?\s+(?:[A-Z][A-Za-zÀ-ÿ.'-]+\s+){{0,2}}[A-Z][A-Za-zÀ-ÿ.'-]+,?\s+(?:{_STATES})\.?"
    r"(?:,?\s+\d{5}(?:-\d{4})?)?(?![\w])"
    r"|,?\s+\d{5}(?:-\d{4})?(?![\w-]))"
)

STREET = re.compile(
    r"\d(?<![\w$#/.-]\d)\d{0,5}(?:-\d{1,4})?[a-z]?(?:\s+1/2)?\s+"
    rf"(?P<name>(?:{_DIRECTION}\s+)?(?:{_WORD}\s+){{0,3}}?{_WORD})\s+"
    rf"(?P<suffix>{_SUFFIXES})\.?(?!\w)"
    # "Oak Ridge Road": the shortest name is tried first, so a second street type may follow.
    rf"(?:\s+(?:{_SUFFIXES})\.?(?!\w))?"
    rf"(?P<rest>(?:\s+{_DIRECTION}(?!\w))?{_UNIT}?(?:{_CITY_STATE_ZIP})?)",
    re.IGNORECASE,
)
# Words that never stand in a street name; "2 blocks down the street" is no address.
_NOT_IN_STREET_NAMES = _words(
    """a an the and or but of in on at to for from with by as is was were be been are am i
    my your his her our their me you he she we they it its this that these those there here
    down up over under into onto out off than then so if when while about after before all
    any some no not every each other more most many much few days day hours hour minutes
    weeks week months month years year times people blocks block miles mile feet minute
    y o de en el la los las un una con por para que se su sus mi"""
)
# Street types that are also everyday words need a capitalised name to count.
_ABBREVIATED_SUFFIXES = _words(
    "st ave av rd blvd ln dr ct pl hwy pkwy cir ter trl sq aly expy fwy plz rdg hts tpke cv"
    " lndg mnr mdw mdws grv holw pt vw cres crk sta ctr cswy jct trce vly vlg"
)
# "Highway 101", "Route 9", "County Road 12": the road is named by its number.
NUMBERED_ROAD = re.compile(
    r"\d(?<![\w$#/.-]\d)\d{0,5}\s+(?:(?:state|us|county|farm\s+to\s+market|ranch)\s+)?"
    r"(?:highway|hwy|route|rte|road|rd|fm)\s+\d{1,4}[a-z]?(?!\w)"
    rf"{_UNIT}?(?:{_CITY_STATE_ZIP})?",
    re.IGNORECASE,
)
_WORD_WITH_DOT = re.compile(r"(?<![A-Za-zÀ-ÿ])([A-Za-zÀ-ÿ]+)\.(?=\s+\S)")
_ABBREVIATIONS = _words(
    """st ave av avda rd blvd ln dr ct pl hwy pkwy apt apto ste no num nro col urb fracc edif
    depto dept bldg fl rm n s e w ne nw se sw jr sr mt ft p o po box calz carr"""
)
_BOX_WORDS = _words("box apartado casilla")
_SPANISH_STREET_WORDS = _words(
    """calle c avenida avda av carretera camino paseo bulevar callejon privada cerrada calzada
    carrera diagonal transversal pasaje circunvalacion"""
)
# After "I live at", "address:", "vivo en": a house number and up to four words.
CUED_STREET = re.compile(
    r"\d(?<![\w$#/.-]\d)\d{0,5}[a-z]?,?\s+"
    r"(?P<words>(?:[A-Za-zÀ-ÿ][\wÀ-ÿ'.-]{0,30}(?:,?\s+|$)){1,4})",
    re.IGNORECASE,
)
ADDRESS_CUE_WINDOW = 15
RURAL_ROUTE = re.compile(
    r"(?<!\w)(?:rr|hc|rural\s+route|highway\s+contract)\s*#?\s*\d{1,4}\s*,?\s*box\s*#?\s*\d{1,6}(?!\w)"
    rf"(?:{_CITY_STATE_ZIP})?",
    re.IGNORECASE,
)
PO_BOX = re.compile(
    r"(?<!\w)(?:p\.?\s?o\.?\s?box|post\s+office\s+box|apartado(?:\s+postal)?|casilla(?:\s+postal)?)"
    r"\s*#?\s*\d{1,7}(?!\w)"
    rf"(?:{_CITY_STATE_ZIP})?",
    re.IGNORECASE,
)
# Spanish: "calle Luna 15", "Avenida Juárez #456 apartamento 3B", "Calle 5 No. 23".
SPANISH_STREET = re.compile(
    r"(?<!\w)(?:calle|c/|avenida|avda\.?|av\.|carretera|camino|paseo|bulevar|callej[oó]n"
    r"|privada|cerrada|calzada|carrera|diagonal|transversal|pasaje|circunvalaci[oó]n)\s+"
    rf"(?:(?:de\s+(?:la\s+|los\s+|las\s+)?|del\s+)?{_WORD}\s+){{0,3}}?"
    r"(?:(?:de\s+(?:la\s+|los\s+|las\s+)?|del\s+)?[\wÀ-ÿ.'-]+)?"
    r"\s*,?\s*(?:#|no\.?|n[uú]m\.?|n[uú]mero)?\s*\d{1,6}[a-z]?(?:-\d{1,4})?(?!\w)"
    rf"{_UNIT}{{0,2}}{_NEIGHBOURHOOD}?(?:{_CITY_STATE_ZIP})?",
    re.IGNORECASE,
)
# "123 calle Luna": the number first, as people in the US often write it in Spanish.
SPANISH_NUMBER_FIRST = re.compile(
    r"\d(?<![\w$#/.-]\d)\d{0,5}[a-z]?\s+(?:de\s+la\s+)?(?:calle|avenida|av\.|camino|carretera)\s+"
    rf"(?:{_WORD}\s+){{0,2}}?{_WORD}(?!\w){_UNIT}?(?:{_CITY_STATE_ZIP})?",
    re.IGNORECASE,
)


def detect_addresses(text: str, context: Context) -> Iterator[Candidate]:
    for start, end in _address_spans(text, context):
        if not _crosses_sentence(text[start:end]):
            yield Candidate("ADDRESS", start, _without_full_stop(text, start, end), RANK_ADDRESS)


def _crosses_sentence(span: str) -> bool:
    """ "Calle Sol. I live at 12": a full stop after a word that is no abbreviation ends the
    sentence, and an address does not run on into the next one."""
    for match in _WORD_WITH_DOT.finditer(span):
        if match.group(1).lower() not in _ABBREVIATIONS:
            return True
    return False


def _address_spans(text: str, context: Context) -> Iterator[tuple[int, int]]:
    for match in STREET.finditer(text):
        if _plausible_street(match):
            yield match.span()
    if context.has_cue("ADDRESS"):
        yield from _addresses_after_cue(text, context)
    yield from _spans(NUMBERED_ROAD, text)
    # The rarer forms are looked for only when one of their words is in the text at all.
    words = context.words
    if not words.isdisjoint(_BOX_WORDS):
        yield from _spans(PO_BOX, text)
        yield from _spans(RURAL_ROUTE, text)
    if "es" in context.languages and not words.isdisjoint(_SPANISH_STREET_WORDS):
        yield from _spans(SPANISH_STREET, text)
        yield from _spans(SPANISH_NUMBER_FIRST, text)


def _spans(expression: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    for match in expression.finditer(text):
        yield match.span()


def _without_full_stop(text: str, start: int, end: int) -> int:
    """Leave the sentence's full stop in the text; keep the dot of "St." or "Ave."."""
    if text[end - 1] != ".":
        return end
    last_word = text[start : end - 1].rsplit(None, 1)[-1]
    return end if last_word.lower() in _ABBREVIATIONS else end - 1


def _plausible_street(match: re.Match[str]) -> bool:
    words = match.group("name").split()
    if any(word.lower().strip(".") in _NOT_IN_STREET_NAMES for word in words):
        return False
    if all(word[0].isupper() or word[0].isdigit() for word in words):
        return True
    suffix = match.group("suffix").lower()
    # All-lowercase writing ("123 main st"): an abbreviated type or a unit/ZIP makes it clear.
    return suffix in _ABBREVIATED_SUFFIXES or bool(match.group("rest").strip())


def _addresses_after_cue(text: str, context: Context) -> Iterator[tuple[int, int]]:
    """ "I live at 123 Main": after an address cue, a house number and the words after it are
    an address even without a street type."""
    for match in CUED_STREET.finditer(text):
        if context.cue_before(match.start(), window=ADDRESS_CUE_WINDOW) != "ADDRESS":
            continue
        end = _end_of_street_words(match)
        if end > match.start("words"):
            yield match.start(), end


def _end_of_street_words(match: re.Match[str]) -> int:
    end = match.start("words")
    for word in re.finditer(r"\S+", match.group("words")):
        if word.group().lower().strip(".,") in _NOT_IN_STREET_NAMES:
            break
        end = match.start("words") + word.start() + len(word.group().rstrip(".,"))
        if word.group().endswith("."):
            break  # the end of the sentence, or an abbreviation that ends the street
    return end
