"""Person names: cues, full names, names that are also words, and places that are not people."""

from __future__ import annotations

import pytest

from govcx.lib.redaction import redact


def names(text: str, language: str | None = None) -> list[str]:
    redaction = redact(text, language=language)
    return [text[f.start : f.end] for f in redaction.findings if f.type == "NAME"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My name is Will Turner and I will pay the bill in June.", ["Will Turner"]),
        ("Maria Lopez helped me at the Social Security office.", ["Maria Lopez"]),
        ("Jennifer at the front desk was great.", ["Jennifer"]),
        ("Agent Brown was rude but the agent before him was fine.", ["Brown"]),
        ("Mr. Park from the Veterans Affairs office was kind.", ["Park"]),
        ("I spoke with Mrs. Garcia-Lopez and Mr. O'Brien.", ["Garcia-Lopez", "O'Brien"]),
        ("My son Mark needs his card.", ["Mark"]),
        ("John F. Kennedy was not the one who helped.", ["John F. Kennedy"]),
        ("The representative, Ms. Kim, was great.", ["Kim"]),
        ("Jose Luis Martinez de la Cruz was my caseworker.", ["Jose Luis Martinez de la Cruz"]),
        ("my name is maria gonzalez and nobody called me back", ["maria gonzalez"]),
        ("Maria's help was great", ["Maria"]),
        ("Hats off to Hope Sanders for her patience.", ["Hope Sanders"]),
        ("Contact Victoria at the office.", ["Victoria"]),
        ("Give a raise to Aisha R. Jordan in the billing unit.", ["Aisha R. Jordan"]),
        ("Olumide Bennett at the front desk was great.", ["Olumide Bennett"]),
        ("I worked with Jamal and then with Kenji Watanabe.", ["Jamal", "Kenji Watanabe"]),
        ("My caseworker is Tamika Washington.", ["Tamika Washington"]),
        ("Ask for June Park, she knows.", ["June Park"]),
        ("Christopher and Amanda at the Denver office were great.", ["Christopher", "Amanda"]),
    ],
)
def test_english_names(text: str, expected: list[str]) -> None:
    assert names(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks, Grace", ["Grace"]),
        ("Great service.\n– John Smith", ["John Smith"]),
        ("Thank you,\nJennifer Williams", ["Jennifer Williams"]),
        ("Ask for Hope at window 4.", ["Hope"]),
        ("Faith was the only person who answered.", ["Faith"]),
        ("Will at the VA clinic said he would call.", ["Will"]),
        ("Bill from the tax clinic spotted the error.", ["Bill"]),
        ("I talked to Rose about it.", ["Rose"]),
        ("My daughter June turned 18.", ["June"]),
        ("June helped me fill out the form.", ["June"]),
        ("Pidan hablar con Rosario, resolvió lo mío.", ["Rosario"]),
        ("the officer maria lopez helped, and officer lopez too", ["maria lopez", "lopez"]),
    ],
)
def test_names_that_are_also_words_in_name_context(text: str, expected: list[str]) -> None:
    assert names(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "I will pay the bill in June.",
        "Have faith, they said. Hope this helps.",
        "Grace period ended before the letter came.",
        "Mark the box and sign it. Will you call me?",
        "Prices rose in May and again in August.",
        "I need to file a will and a bill of sale.",
        "I went to the Post Office on Tuesday and called Medicare.",
        "Social Security and Medicare sent different letters.",
        "We toured the Roosevelt Arch and the Washington Monument on the same trip.",
        "The office in Austin and the one in San Antonio were both closed.",
        "I moved from Virginia Beach to Houston last year.",
        "See you June 5 at the office.",
        "Thank you Social Security for the help",
        "I'm told my record says 1905.",
        "[NAME] was helpful and [PHONE] worked.",
        "The Lincoln Memorial and Jefferson Memorial were crowded.",
        "The office closed for Martin Luther King Day.",
        "Amazing Grace was playing on hold.",
        "My Medicare Part D plan changed. Customer Service kept transferring me.",
        "Great experience at the Passport Agency in New Orleans.",
        "The Small Business Administration loan officer never called back.",
        "The Statue of Liberty ferry was late.",
        "I paid with my Chase credit card.",
        "The office was closed in May and June.",
        "We camped the second week of June and the bathrooms were locked.",
        "May I suggest a callback option?",
        "The Small Business Administration never called back.",
    ],
)
def test_words_places_and_agencies_are_not_names(text: str) -> None:
    assert names(text, "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Me llamo Dolores Rosario y tengo dolores de cabeza.", ["Dolores Rosario"]),
        ("Hablé con la señora Luz Cruz en la oficina.", ["Luz Cruz"]),
        ("Soy Rosario Pérez, mi hija Luz necesita su pasaporte.", ["Rosario Pérez", "Luz"]),
        ("Gracias, Consuelo. La paz sea contigo.", ["Consuelo"]),
        ("Soledad me ayudó mucho.", ["Soledad"]),
        ("El oficial Castro hizo mi entrevista.", ["Castro"]),
        ("La Sra. María José Hernández García me atendió.", ["María José Hernández García"]),
        ("El guardabosques Hugo fue muy amable.", ["Hugo"]),
        ("Agradezco a Itzel Ramírez por su paciencia.", ["Itzel Ramírez"]),
        ("La persona que me atendió se llamaba Caridad y me colgó.", ["Caridad"]),
        ("Pidan hablar con Gerardo Sánchez, resolvió lo mío.", ["Gerardo Sánchez"]),
    ],
)
def test_spanish_names(text: str, expected: list[str]) -> None:
    assert names(text, "es") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tengo fe en que lo arreglen. Fue un consuelo.",
        "Se fue la luz en la oficina y no había paz.",
        "Tengo dolores de cabeza por la cruz de este trámite.",
        "El Seguro Social y Medicare no contestan.",
        "Estuvo en la Marina diez años.",
        "La oficina de San Antonio estaba cerrada en mayo.",
    ],
)
def test_spanish_words_that_are_names_are_not_redacted_as_words(text: str) -> None:
    assert names(text, "es") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MY NAME IS ROBERT JOHNSON AND I AM ANGRY", ["ROBERT JOHNSON"]),
        ("THE AGENT WAS RUDE. I WILL PAY THE BILL IN JUNE.", []),
        ("maria lopez helped me but the rest was bad", ["maria lopez"]),
        ("i spoke with jennifer yesterday", ["jennifer"]),
        ("i went with my family to the office and will pay the bill", []),
        ("hablé con carmen y fui con mi hijo a la oficina", ["carmen"]),
        ("la vida en la tierra santa", []),
    ],
)
def test_text_without_capitals_or_all_in_capitals(text: str, expected: list[str]) -> None:
    assert names(text) == expected
