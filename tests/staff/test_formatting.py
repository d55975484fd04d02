from govcx.staff.formatting import answer_summary


def test_answers_follow_the_question_order_and_unknown_keys_go_last() -> None:
    answers = {"comments": "Fine.", "zeta": "?", "trust": 1, "drivers_positive": ["ease", "other"]}
    summary = answer_summary(answers, ["trust", "drivers_positive", "comments"])
    assert summary == "trust: 1 · drivers_positive: ease, other · comments: Fine. · zeta: ?"


def test_line_breaks_are_flattened_and_long_summaries_cut() -> None:
    assert answer_summary({"comments": "one\ntwo\r\nthree"}, ["comments"]) == (
        "comments: one two three"
    )
    summary = answer_summary({"comments": "word " * 100}, ["comments"], length=40)
    assert len(summary) <= 40
    assert summary.endswith("…")


def test_no_answers_give_an_empty_summary() -> None:
    assert answer_summary({}, ["trust"]) == ""
