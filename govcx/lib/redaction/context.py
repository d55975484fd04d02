"""The words of a text and its cue words: what the writer says a number is.

A run of nine digits is an SSN, a routing number, an account or an order number depending only
on the words around it ("my SSN is", "ABA", "cuenta", "order number"). The text is split into
words once; cue phrases are then looked up word by word in a dict keyed by their first word,
which costs one lookup per word instead of trying every phrase at every character. Each number
asks for the nearest cue before (or just after) it with a binary search.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from govcx.lib.redaction.lexicon import fold

# Cue -> phrases, as folded words (lowercase, no accents) separated by spaces, "|" between
# phrases. "#" stands for the sign written right after the previous word ("SS#", "A#").
ENGLISH_CUES = {
    "SSN": """ssn | s s n | ss # | ss | social security | soc sec | social sec | social |
        social security card | ss card""",
    "TIN": """itin | ein | fein | tin | tax id | tax identification | taxpayer identification |
        taxpayer id | tax payer id | employer identification | employer id | federal tax id |
        federal id""",
    "ROUTING": """routing | aba | rtn | transit | routing transit | bank routing""",
    "ACCOUNT": """account | acct | acc | a c | bank account | checking | savings |
        checking account | savings account | direct deposit""",
    "PHONE": """phone | telephone | ph | tel | cell | cellphone | cell phone | cell-phone |
        mobile | fax |
        call | called | call me | call me at | call me on | call back | callback | text |
        text me | text me at | reach me | reach me at | reached at | contact me |
        contact me at | contact | voicemail | dial | dialed | whatsapp | home phone |
        work phone""",
    "NUMBER": """number | num | nbr""",
    "A_NUMBER": """a number | a-number | a-no | a # | a no | a num | alien | alien registration |
        alien # |
        uscis | registration | green card""",
    "PASSPORT": """passport | passport card | passport book""",
    "ADDRESS": """address | home address | mailing address | street address | live at |
        i live at | living at | reside at | moved to | mailed to | mail it to | send it to |
        sent to | deliver to | delivered to""",
    "CARD": """card | credit card | debit card | visa | mastercard | master card | amex |
        american express | discover card | prepaid card | ebt card""",
    "DOB": """born | born on | born in | birth | birthday | birthdate | birth date |
        date of birth | dob | d o b | bday | b day | b-day""",
    "OTHER": """order | confirmation | conf | tracking | reference | ref | ticket | invoice |
        receipt | reciept | case | claim | application | appointment | form | policy | file |
        serial | model | item | product | flight | room | page | zip | zip code | zipcode |
        postal code | extension | ext | transaction | request | record | member id |
        member | check | cheque | control | omb | omb control | confirmation code | code |
        permit | license | licence | tag | plate | badge | employee id | id | pin | step |
        box | suite | apt | unit | po box | birth certificate | certificate | cents | dollars |
        dollar | usd | points | miles | minutes | hours | days | people | times | pages""",
}
SPANISH_CUES = {
    "SSN": """seguro social | ssn | seguro | social""",
    "TIN": """itin | ein | identificacion personal del contribuyente |
        identificacion del contribuyente | identificacion de contribuyente |
        identificacion patronal | identificacion fiscal | identificacion tributaria |
        id fiscal""",
    "ROUTING": """ruta | ruta bancaria | transito | aba | enrutamiento | routing""",
    "ACCOUNT": """cuenta | cuenta bancaria | cuenta de cheques | cuenta de ahorro |
        cuenta de ahorros | cuenta corriente | cta | deposito directo""",
    "PHONE": """telefono | tel | cel | celular | movil | llameme | llamenme | llamar |
        llamarme | llame | llama | llamame | llamen | marque | marcar | whatsapp |
        comuniquese | comuniquese conmigo | contacteme""",
    "NUMBER": """numero | nro | num""",
    "A_NUMBER": """numero a | extranjero | registro de extranjero | uscis | residencia |
        a number | a #""",
    "PASSPORT": """pasaporte | passport""",
    "ADDRESS": """direccion | domicilio | mi direccion | vivo en | resido en | enviar a |
        envien a | mandar a | manden a | se mudo a | me mude a | direccion postal""",
    "CARD": """tarjeta | tarjeta de credito | tarjeta de debito | visa | mastercard""",
    "DOB": """fecha de nacimiento | naci | naci el | nacio | nacio el | nacido | nacida |
        nacido el | nacida el | nacimiento | cumpleanos | f nac | fecha nac | dob""",
    "OTHER": """pedido | orden | confirmacion | rastreo | seguimiento | referencia | factura |
        recibo | caso | reclamo | reclamacion | solicitud | cita | formulario |
        codigo postal | extension | expediente | pagina | transaccion | cheque | codigo |
        permiso | licencia | placa | paso | apartado | acta de nacimiento |
        certificado de nacimiento | partida de nacimiento | acta | certificado | pesos |
        dolares | centavos | puntos | millas | minutos | horas | dias | personas | veces""",
}
CUES_BY_LANGUAGE = {"en": ENGLISH_CUES, "es": SPANISH_CUES}
# Words that only say "number": "case number", "número de cuenta" are one cue with them.
NUMBER_WORDS = frozenset({"number", "numbers", "no", "num", "nbr", "numero", "nro", "id", "is"})
SPANISH_NUMBER_PREFIXES = (
    ("numero", "de"),
    ("numero", "del"),
    ("numero", "de", "la"),
    ("no", "de"),
)

BARE_NUMBER = "NUMBER"
BARE_NUMBER_REACH = 40
CUE_WINDOW_BEFORE = 45
CUE_WINDOW_AFTER = 25

TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGIT = re.compile(r"\d")
_new_tuple = tuple.__new__
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")


class Token(NamedTuple):
    start: int
    end: int
    key: str
    capitalised: bool


class Cue(NamedTuple):
    start: int
    end: int
    name: str


class CueTable(NamedTuple):
    phrases: dict[tuple[str, ...], str]  # folded words ("#" for the sign) -> cue
    first_words: frozenset[str]
    longest: int


def _cue_table(languages: frozenset[str]) -> CueTable:
    phrases: dict[tuple[str, ...], str] = {}
    for language in sorted(languages):
        for cue, block in CUES_BY_LANGUAGE[language].items():
            for phrase in (tuple(p.split()) for p in block.split("|")):
                phrases.setdefault(phrase, cue)
                if language == "es":
                    for prefix in SPANISH_NUMBER_PREFIXES:
                        phrases.setdefault(prefix + phrase, cue)
    words = [tuple(word for word in phrase if word != "#") for phrase in phrases]
    return CueTable(phrases, frozenset(p[0] for p in words), max(len(p) for p in words))


_TABLES = {
    languages: _cue_table(languages)
    for languages in (frozenset({"en"}), frozenset({"es"}), frozenset({"en", "es"}))
}


def tokenize(text: str) -> list[Token]:
    """The words of the text; a possessive "'s" is left out of the word ("Maria's").

    In a text written in capitals, capitals say nothing: its words count as lowercase, so only
    a cue such as "MY NAME IS" makes a listed name of them.
    """
    shouting = text.isupper()
    tokens: list[Token] = []
    append = tokens.append
    for match in TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        if word[-1] in "sS" and len(word) > 3 and word[-2] in "'’":
            word = word[:-2]
            end -= 2
        # tuple.__new__ skips the named tuple's Python-level constructor: this runs per word.
        append(_new_tuple(Token, (start, end, fold(word), not shouting and word[0].isupper())))
    return tokens


class Context:
    """The text under redaction, its languages, its words and its cues, each found once."""

    def __init__(self, text: str, languages: frozenset[str]) -> None:
        self.text = text
        self.languages = languages
        # Most comments have no digit at all, and every detector of numbers, dates and
        # addresses needs one: the engine skips them all when there is none.
        self.has_digits = _DIGIT.search(text) is not None
        self._tokens: list[Token] | None = None
        self._words: frozenset[str] | None = None
        self._cues: list[Cue] | None = None
        self._cue_ends: list[int] = []
        self._cue_starts: list[int] = []

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    @property
    def words(self) -> frozenset[str]:
        """Every word of the text, folded: for detectors that first ask whether to run at all."""
        if self._words is None:
            self._words = frozenset(token.key for token in self.tokens)
        return self._words

    @property
    def cues(self) -> list[Cue]:
        if self._cues is None:
            self._cues = find_cues(self.text, self.tokens, _TABLES[self.languages])
            self._cue_ends = [cue.end for cue in self._cues]
            self._cue_starts = [cue.start for cue in self._cues]
        return self._cues

    def has_cue(self, name: str) -> bool:
        return any(cue.name == name for cue in self.cues)

    def nearest_cue_before(self, position: int, window: int) -> Cue | None:
        """The cue ending nearest before `position`, at most `window` characters away."""
        index = self._nearest_index(position, window)
        return None if index is None else self.cues[index]

    def _nearest_index(self, position: int, window: int) -> int | None:
        cues = self.cues  # finds the cues (and their ends) on first use
        index = bisect.bisect_right(self._cue_ends, position) - 1
        if index < 0 or position - cues[index].end > window:
            return None
        return index

    def cue_before(self, position: int, window: int = CUE_WINDOW_BEFORE) -> str | None:
        """The nearest cue ending at or before `position`, at most `window` characters away.

        A bare "number" says only that a number follows: it takes the type of a cue just
        before it ("passport, number 123") and is a phone number otherwise ("my number is").
        """
        index = self._nearest_index(position, window)
        if index is None:
            return None
        if self.cues[index].name != BARE_NUMBER:
            return self.cues[index].name
        return self._named_by_earlier_cue(index) or "PHONE"

    def _named_by_earlier_cue(self, index: int) -> str | None:
        if index == 0:
            return None
        earlier, bare = self.cues[index - 1], self.cues[index]
        between = self.text[earlier.end : bare.start]
        if len(between) > BARE_NUMBER_REACH or _DIGIT.search(between):
            return None
        if _SENTENCE_END.search(between):
            return None  # "...the form. My number is": that cue was about another sentence
        return earlier.name if earlier.name != BARE_NUMBER else None

    def cue_named_before(self, name: str, position: int, window: int) -> bool:
        """True when a cue `name` ends within `window` characters before `position` with no
        digit between them (a digit would be the number that cue was about)."""
        cues = self.cues
        index = bisect.bisect_right(self._cue_ends, position) - 1
        while index >= 0 and position - cues[index].end <= window:
            if cues[index].name == name:
                return not _DIGIT.search(self.text, cues[index].end, position)
            index -= 1
        return False

    def cue_after(self, position: int, window: int = CUE_WINDOW_AFTER) -> str | None:
        """The nearest cue starting at or after `position`, at most `window` characters away."""
        cues = self.cues
        index = bisect.bisect_left(self._cue_starts, position)
        if index >= len(cues) or cues[index].start - position > window:
            return None
        return cues[index].name

    def cue_near(self, start: int, end: int) -> str | None:
        """The cue before the span, or failing that the one just after it."""
        return self.cue_before(start) or self.cue_after(end)


def find_cues(text: str, tokens: list[Token], table: CueTable) -> list[Cue]:
    """Cue phrases left to right, the longest at each word, each word in at most one cue."""
    cues: list[Cue] = []
    index = 0
    while index < len(tokens):
        found = (
            _longest_phrase(text, tokens, index, table)
            if tokens[index].key in table.first_words
            else None
        )
        if found is None:
            index += 1
            continue
        last, name, end = found
        while last + 1 < len(tokens) and tokens[last + 1].key in NUMBER_WORDS:
            if not _joined(text, tokens[last].end, tokens[last + 1].start, comma=True):
                break
            last += 1
            end = tokens[last].end
        cues.append(Cue(tokens[index].start, _after_sign(text, end), name))
        index = last + 1
    return cues


def _longest_phrase(
    text: str, tokens: list[Token], index: int, table: CueTable
) -> tuple[int, str, int] | None:
    """(index of its last word, cue, end) of the longest phrase that starts at `index`."""
    start = tokens[index].start
    if tokens[index].key == "a" and text[start] != "A" and text[start + 1 : start + 2] not in "-#":
        return None  # "a number of times" is English; "A number", "a-number", "A#" are cues
    best: tuple[int, str, int] | None = None
    keys: tuple[str, ...] = ()
    for last in range(index, min(index + table.longest, len(tokens))):
        if last > index and not _joined(text, tokens[last - 1].end, tokens[last].start):
            break
        keys += (tokens[last].key,)
        end = tokens[last].end
        signed = (*keys, "#")
        if signed in table.phrases and text[end : end + 1] == "#":
            best = (last, table.phrases[signed], end + 1)
        elif keys in table.phrases:
            best = (last, table.phrases[keys], end)
    return best


def _joined(text: str, end: int, start: int, *, comma: bool = False) -> bool:
    """Two words of one phrase: at most two spaces, dots, dashes or slashes between them (and
    a comma before "number": "passport, number 123")."""
    gap = text[end:start]
    if comma:
        gap = gap.replace(",", "", 1)
    return (0 < len(gap) <= 2 and not gap.strip(" ./-")) or gap == ". "


def _after_sign(text: str, end: int) -> int:
    """A "#" or ":" right after a cue belongs to it ("Acct#", "SSN:")."""
    while end < len(text) and text[end] in "#:":
        end += 1
    return end
