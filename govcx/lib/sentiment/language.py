"""Tell English from Spanish, and both from other languages, cheaply and without a model.

A response carries its survey's language tag, but customers sometimes answer an English survey
in Spanish (or the reverse), or in a language neither scorer reads. The check counts evidence:
common function words of each language (one dictionary look-up per word) and characters only
one language uses ("ñ", "¿", "ã", "ß", the Vietnamese vowels), and counts letters outside the
Latin script. A language is only named when its evidence is both sufficient and well ahead of
the runner-up, so short or mixed texts ("ok", "gracias, thank you") give no answer and the
caller falls back on the tag.

The other languages are the Latin-script languages most spoken at home in the United States
after English and Spanish (French, Portuguese, German, Italian, Tagalog, Haitian Creole,
Vietnamese); any text mostly in another script (Chinese, Korean, Russian, Arabic, Hindi …) is
"other" by its letters alone.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

OTHER: Final = "other"

# A language is named when it has at least this much evidence ...
MIN_EVIDENCE: Final = 2
# ... and more than this many times the evidence of the runner-up.
MIN_LEAD: Final = 2.0

_WORDS: Final[dict[str, str]] = {
    # Function words and the commonest words of customer feedback, chosen to be rare in the
    # other listed languages: "de", "la", "que" count for Spanish only and "le" for French
    # only (the others are told apart by their own words); "a", "me", "no" and "service"
    # count for none.
    "en": """the and of to is was were are am i my it its you your that this these those for
        with have has had not they them their be been being at on but so very did didnt dont
        do does can could would will should what how when where why there an our we us from
        just get got nobody never thank thanks please because after about only still really
        any all if or as by off out up than then too which who him her his she he well
        staff helpful office website call called calls waited waiting phone hours told
        im ive didn't don't i'm i've wasn't couldn't""",
    "es": """el la los las de del que y en un una por con para es fue muy mi mis se lo les
        su sus al pero más como porque todo toda todos todas nada nadie ya gracias estoy está
        estaba hay tengo tuve nos sin también cuando donde dónde qué cómo cuál ni yo usted
        ustedes ellos ella eso esto este esta esa ese han he ha son era eran fueron fui hace
        hizo hicieron muchas muchos mucho poco solo sólo siempre nunca después antes otra otro
        vez puedo pueden atención servicio oficina cita ayuda trámite solicitud página llamé
        llamada tarjeta mismo año días horas semanas meses bien mal bueno buena atendieron
        dijeron tiene tienen porqué aún todavía así hasta desde""",
    "fr": """le les des du et est je j il elle nous vous ils elles pas ne n très merci avec
        pour sur mais été était étais c ce cette mon ma mes qui rien aucun aucune personne
        beaucoup ai avons avez ont suis sont au aux votre vos notre nos leur où bonjour""",
    "pt": """não você vocês muito muita muitos obrigado obrigada foi com uma um meu minha são
        mas também pelo pela pelos das em isso esse essa ninguém atendimento bom boa ótimo
        já ainda estou nunca fiquei consegui ao às ligou ligar volta disse ficou tudo""",
    "de": """der die das und ist nicht ich sie wir sehr mit zu auf war waren ein eine einen
        für danke gut haben habe wurde wurden keine kein auch aber bei nach""",
    "it": """il che è sono molto grazie della dello degli stato stata non per gli questo
        questa ho abbiamo servizio ottimo anche""",
    "tl": """ang ng mga sa po ako ko na hindi salamat ay ito naman lang kayo ninyo namin
        kami siya nila niya yung maraming""",
    "ht": """mwen nou yo nan ak pou gen ki li anpil mèsi pa konn sèvis""",
}

# Each word belongs to one language; a word listed twice keeps its first language.
WORD_LANGUAGE: Final[dict[str, str]] = {}
for _language, _words in _WORDS.items():
    for _word in _words.split():
        WORD_LANGUAGE.setdefault(_word, _language)

# Characters that belong to one of the languages (worth two words each, counted once per kind).
_MARK_CHARS: Final[dict[str, str]] = {
    "ñ": "es",
    "¿": "es",
    "¡": "es",
    "ã": "pt",
    "õ": "pt",
    "è": "fr",
    "ù": "fr",
    "œ": "fr",
    "ß": "de",
    "ä": "de",
    "ö": "de",
}
_MARK_WEIGHT: Final = 2
_MARKS: Final = frozenset(_MARK_CHARS)

# Vietnamese letters: the Latin Extended Additional vowels with tone marks, and ă, đ, ơ, ư.
_VIETNAMESE: Final = re.compile(r"[\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
_VIETNAMESE_MIN: Final = 2

_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Letters outside the Latin script (and its Latin Extended Additional block, used by Vietnamese).
_NON_LATIN_LETTER: Final = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
_LATIN_LETTER: Final = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def detect_language(text: str) -> str | None:
    """ "en" or "es" when the text clearly is English or Spanish; None when it cannot tell or
    when it is another language."""
    guess = guess_language(text)
    return guess if guess in ("en", "es") else None


def guess_language(text: str) -> str | None:
    """ "en", "es", OTHER (clearly some other language), or None (no clear evidence)."""
    if _mostly_other_script(text) or len(_VIETNAMESE.findall(text)) >= _VIETNAMESE_MIN:
        return OTHER
    evidence = _evidence(text)
    if not evidence:
        return None
    ranked = evidence.most_common(2)
    best_language, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if best < MIN_EVIDENCE or best <= MIN_LEAD * runner_up:
        return None
    return best_language if best_language in ("en", "es") else OTHER


def _evidence(text: str) -> Counter[str]:
    # Curly apostrophes ("didn’t") are as common as straight ones.
    lowered = text.lower().replace("\u2019", "'")
    evidence: Counter[str] = Counter()
    for word in _WORD.findall(lowered):
        language = WORD_LANGUAGE.get(word)
        if language is not None:
            evidence[language] += 1
    for char in _MARKS.intersection(lowered):
        evidence[_MARK_CHARS[char]] += _MARK_WEIGHT
    return evidence


def _mostly_other_script(text: str) -> bool:
    """More letters outside the Latin script than in it (Chinese, Cyrillic, Arabic …)."""
    if text.isascii():
        return False
    return len(_NON_LATIN_LETTER.findall(text)) > len(_LATIN_LETTER.findall(text))
