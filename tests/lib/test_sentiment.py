"""Comment sentiment: labels, negation, contrast, placeholders, languages and the evaluation set."""

from __future__ import annotations

from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]

from govcx.lib.sentiment import (
    SCORED_LANGUAGES,
    Sentiment,
    SentimentLabel,
    detect_language,
    score_many,
    score_sentiment,
)
from govcx.lib.sentiment.english import english_analyzer, english_supplement
from govcx.lib.sentiment.evaluation.score import (
    DEVELOPMENT_SET,
    EVALUATION_SET,
    OTHER_GROUP,
    accuracy_by_group,
    load_examples,
    score_examples,
)
from govcx.lib.sentiment.lexicon import LexiconError, read_lexicon
from govcx.lib.sentiment.scoring import primary_subtag
from govcx.lib.sentiment.spanish import spanish_rules
from govcx.lib.sentiment.text import fold

POSITIVE = SentimentLabel.POSITIVE
NEUTRAL = SentimentLabel.NEUTRAL
NEGATIVE = SentimentLabel.NEGATIVE
NOT_SCORED = SentimentLabel.NOT_SCORED

# Accuracy on the evaluation set, measured once before any of its errors were looked at (EN
# 0.760, ES 0.892, other languages 0.909 marked not scored) and set a little below.
TARGETS = {"en": 0.74, "es": 0.87, OTHER_GROUP: 0.85}


def score(text: str, language: str | None) -> float:
    result = score_sentiment(text, language=language).score
    assert result is not None
    return result


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        ("The staff were friendly and very helpful. Thank you!", "en", POSITIVE),
        ("Terrible service, the worst office I have visited.", "en", NEGATIVE),
        ("I renewed my card at the kiosk on Tuesday.", "en", NEUTRAL),
        ("El personal fue muy amable y el trámite fue rápido.", "es", POSITIVE),
        ("Pésima atención, el empleado fue grosero.", "es", NEGATIVE),
        ("Renové mi tarjeta en el quiosco el martes.", "es", NEUTRAL),
        ("¡Excelente servicio, muchas gracias!", "es", POSITIVE),
        ("Estoy harto, la página es un desastre.", "es", NEGATIVE),
    ],
)
def test_clear_cases_get_their_label(text: str, language: str, label: SentimentLabel) -> None:
    result = score_sentiment(text, language=language)

    assert result.label == label
    assert result.language == language


@pytest.mark.parametrize(
    ("plain", "negated", "language"),
    [
        ("The agent was helpful.", "The agent was not helpful.", "en"),
        ("Fue útil.", "No fue útil.", "es"),
        ("El agente me ayudó.", "El agente no me ayudó.", "es"),
        ("Me trataron bien.", "No me trataron bien.", "es"),
        ("La oficina es cómoda.", "La oficina nunca es cómoda.", "es"),
    ],
)
def test_negation_flips_the_sign(plain: str, negated: str, language: str) -> None:
    assert score(plain, language) > 0
    assert score(negated, language) < 0


def test_spanish_negative_concord_negates_once() -> None:
    # "no ... nadie", "no ... ningún" are one negation, not two cancelling each other.
    assert score_sentiment("No me ayudó nadie.", language="es").label == NEGATIVE
    assert score_sentiment("No tuve ningún problema.", language="es").label == POSITIVE
    assert score_sentiment("Todo salió sin problemas.", language="es").label == POSITIVE


def test_a_negator_alone_keeps_its_own_valence() -> None:
    assert score_sentiment("Nadie contesta en esa oficina.", language="es").label == NEGATIVE


def test_negation_stops_at_punctuation() -> None:
    assert score_sentiment("No, todo bien.", language="es").label == POSITIVE


def test_poco_negates_but_un_poco_only_dampens() -> None:
    assert score("El empleado fue poco amable.", "es") < 0
    assert score("El empleado fue amable.", "es") > 0
    assert score("Fue lento.", "es") < score("Fue un poco lento.", "es") < 0


def test_boosters_and_exclamations_strengthen() -> None:
    assert score("Muy amable.", "es") > score("Amable.", "es") > 0
    assert score("Amable!!!", "es") > score("Amable.", "es")
    assert score("Muy lento.", "es") < score("Lento.", "es") < 0


def test_capitals_among_lower_case_words_add_emphasis() -> None:
    assert score("El servicio fue PÉSIMO.", "es") < score("El servicio fue pésimo.", "es") < 0


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        ("The building is old, but the staff were wonderful.", "en", POSITIVE),
        (
            "The staff were wonderful, but the wait was awful and the forms confusing.",
            "en",
            NEGATIVE,
        ),
        ("El lugar es feo, pero el personal fue excelente.", "es", POSITIVE),
        ("El personal fue excelente, pero el trámite fue lento y confuso.", "es", NEGATIVE),
        ("Fue amable; sin embargo, el trámite fue lento y confuso.", "es", NEGATIVE),
        ("Aunque el personal fue amable, el trámite fue muy lento.", "es", NEGATIVE),
        ("Aunque el trámite fue lento, el personal fue excelente.", "es", POSITIVE),
    ],
)
def test_contrast_favours_the_main_clause(text: str, language: str, label: SentimentLabel) -> None:
    assert score_sentiment(text, language=language).label == label


def test_accents_are_optional_in_spanish() -> None:
    assert score("Atencion rapida y amable", "es") == score("Atención rápida y amable", "es")
    assert score("atencion pesima", "es") == score("atención pésima", "es")


@pytest.mark.parametrize(
    ("with_placeholders", "without", "language"),
    [
        ("[NAME] was very helpful.", "was very helpful.", "en"),
        ("Call me at [PHONE], the office was rude.", "Call me at, the office was rude.", "en"),
        ("I told [NAME] GREAT job", "I told GREAT job", "en"),
        ("[NAME] fue muy amable.", "fue muy amable.", "es"),
        ("[NAME] [ADDRESS] fue PÉSIMO", "fue PÉSIMO", "es"),
        ("El caso [CLAIM_NUMBER] sigue sin resolver.", "El caso sigue sin resolver.", "es"),
    ],
)
def test_placeholders_are_ignored(with_placeholders: str, without: str, language: str) -> None:
    assert score_sentiment(with_placeholders, language=language) == score_sentiment(
        without, language=language
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [("Not even [NAME] could help me.", "en"), ("No me lo explicó [NAME] bien.", "es")],
)
def test_a_placeholder_does_not_stretch_the_reach_of_a_negation(text: str, language: str) -> None:
    # Read as a word, the placeholder would push "not"/"no" out of the negation window.
    assert score_sentiment(text, language=language).label == NEGATIVE


@pytest.mark.parametrize(
    "text", ["", "   \n\t", "[NAME]", "[NAME] [PHONE] [EMAIL]", "...?!", "[SSN]."]
)
def test_nothing_to_read_is_not_scored(text: str) -> None:
    assert score_sentiment(text, language="en") == Sentiment(NOT_SCORED, None, None)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le personnel était très aimable, merci beaucoup.", "fr"),
        ("Le personnel était très aimable, merci beaucoup.", "en"),
        ("Je n'ai reçu aucune réponse à ma demande.", "es"),
        ("工作人员非常有耐心，谢谢。", "zh"),
        ("工作人员非常有耐心，谢谢。", "en"),
        ("Nhân viên rất nhiệt tình.", "en"),
        ("O atendimento foi muito bom, obrigado.", "es"),
        ("Спасибо за помощь.", None),
        ("great!", "fr"),
        ("great!", None),
        ("ok", ""),
    ],
)
def test_other_languages_are_not_scored(text: str, language: str | None) -> None:
    assert score_sentiment(text, language=language).label == NOT_SCORED


@pytest.mark.parametrize(
    ("text", "tag", "scored_as", "label"),
    [
        ("The officer was very kind and patient with my mother.", "es", "en", POSITIVE),
        ("The officer was very kind and patient with my mother.", "es-MX", "en", POSITIVE),
        ("El oficial fue muy grosero con mi mamá.", "en", "es", NEGATIVE),
        ("El oficial fue muy grosero con mi mamá.", "en-US", "es", NEGATIVE),
        ("The officer was very kind and patient with my mother.", "fr", "en", POSITIVE),
        ("El oficial fue muy grosero con mi mamá.", None, "es", NEGATIVE),
    ],
)
def test_the_text_language_wins_when_clear(
    text: str, tag: str | None, scored_as: str, label: SentimentLabel
) -> None:
    result = score_sentiment(text, language=tag)

    assert (result.language, result.label) == (scored_as, label)


@pytest.mark.parametrize(
    ("text", "tag", "scored_as", "label"),
    [
        ("great!", "en", "en", POSITIVE),
        ("ok", "en-US", "en", POSITIVE),
        ("gracias", "es", "es", POSITIVE),
        ("excelente", "ES_us", "es", POSITIVE),
        ("pésimo", "es", "es", NEGATIVE),
        ("N/A", "en", "en", NEUTRAL),
    ],
)
def test_short_texts_are_scored_in_the_tagged_language(
    text: str, tag: str, scored_as: str, label: SentimentLabel
) -> None:
    result = score_sentiment(text, language=tag)

    assert (result.language, result.label) == (scored_as, label)


@pytest.mark.parametrize(
    ("tag", "primary"),
    [("en", "en"), ("en-US", "en"), ("ES-mx", "es"), ("es_US", "es"), ("", None), (None, None)],
)
def test_primary_subtag(tag: str | None, primary: str | None) -> None:
    assert primary_subtag(tag) == primary


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The clerk was helpful and the line was short.", "en"),
        ("I didn't get an answer to my question.", "en"),
        ("La señorita fue muy amable y me explicó todo.", "es"),
        ("¿Dónde puedo descargar el formulario?", "es"),
        ("ok", None),
        ("Gracias, thank you", None),
        ("Merci pour votre aide, tout était parfait.", None),
        ("谢谢", None),
        ("", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_scores_stay_in_range_and_labels_follow_the_thresholds() -> None:
    for example in load_examples(EVALUATION_SET) + load_examples(DEVELOPMENT_SET):
        result = score_sentiment(example.text, language=example.tag)
        if result.label == NOT_SCORED:
            assert (result.score, result.language) == (None, None)
            continue
        assert result.score is not None
        assert -1.0 <= result.score <= 1.0
        assert result.language in SCORED_LANGUAGES
        expected = (
            POSITIVE if result.score >= 0.05 else NEGATIVE if result.score <= -0.05 else NEUTRAL
        )
        assert result.label == expected


def test_extreme_texts_stay_within_one() -> None:
    assert score("¡¡¡EXCELENTE!!! " * 40 + "gracias", "es") <= 1.0
    assert score("horrible pésimo terrible " * 40, "es") >= -1.0


def test_score_many_equals_score_sentiment() -> None:
    examples = load_examples(EVALUATION_SET)
    texts = [example.text for example in examples]
    tags = [example.tag for example in examples]

    assert score_many(texts, languages=tags) == [
        score_sentiment(text, language=tag) for text, tag in zip(texts, tags, strict=True)
    ]


def test_score_many_refuses_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="2 texts but 1 language tags"):
        score_many(["a", "b"], languages=["en"])


def test_evaluation_set_meets_its_targets() -> None:
    examples = load_examples(EVALUATION_SET)
    sizes = {group: sum(1 for ex in examples if ex.group == group) for group in TARGETS}
    accuracy = accuracy_by_group(score_examples(examples))

    assert sizes["en"] >= 150
    assert sizes["es"] >= 150
    assert sizes[OTHER_GROUP] >= 20
    for group, target in TARGETS.items():
        assert accuracy[group] >= target, f"{group}: {accuracy[group]:.3f} < {target}"


def test_development_and_evaluation_sets_share_no_comment() -> None:
    development = {example.text for example in load_examples(DEVELOPMENT_SET)}
    evaluation = {example.text for example in load_examples(EVALUATION_SET)}

    assert not development & evaluation


def test_evaluation_labels_are_known() -> None:
    labels = {label.value for label in SentimentLabel}
    for example in load_examples(EVALUATION_SET):
        assert example.label in labels
        expected_not_scored = example.group == OTHER_GROUP
        assert (example.label == NOT_SCORED.value) == expected_not_scored


def test_spanish_lexicon_size_and_scale() -> None:
    lexicon = spanish_rules().lexicon

    assert 500 <= len(lexicon) <= 1500
    assert all(-4.0 <= valence <= 4.0 and valence != 0 for valence in lexicon.values())
    assert all(key == fold(key) for key in lexicon)
    for forms in (("amable", "amables"), ("rapido", "rapida", "rapidos", "rapidas")):
        assert all(lexicon[form] > 0 for form in forms)


def test_english_supplement_only_adds_words() -> None:
    original: dict[str, float] = SentimentIntensityAnalyzer().lexicon
    supplement = english_supplement()

    assert supplement
    assert not set(supplement) & set(original)
    assert english_analyzer().lexicon == original | supplement


def test_english_analyzer_is_one_per_process() -> None:
    assert english_analyzer() is english_analyzer()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("amable\t+2.0\namable\t+1.0\n", "already listed"),
        ("Amable\t+2.0\namable\t+1.0\n", "already listed"),
        ("amable 2.0\n", "expected an entry, a tab and a valence"),
        ("amable\tmucho\n", "is not a number"),
        ("amable\t+5\n", "outside -4..+4"),
    ],
)
def test_a_malformed_lexicon_fails_loudly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lexicon.txt"
    path.write_text("# comment\n\n" + content, encoding="utf-8")

    with pytest.raises(LexiconError, match=message):
        read_lexicon(path, key=fold)


def test_handles_and_web_addresses_are_not_read_as_words() -> None:
    # "united" is a positive word to the lexicon; as a handle or inside an address it names
    # someone or somewhere and says nothing about the service.
    plain = score_sentiment("the forms were sent", language="en")
    assert plain.label == SentimentLabel.NEUTRAL
    for text in (
        "@united the forms were sent",
        "the forms were sent https://united.example.gov/help",
        "the forms were sent to www.united.example.gov",
    ):
        assert score_sentiment(text, language="en") == plain, text
    assert score_sentiment("united we stand", language="en").label == SentimentLabel.POSITIVE
