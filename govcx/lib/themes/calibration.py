"""How the thresholds of discovery and assignment were chosen, on the development corpus.

    .venv/bin/python -m govcx.lib.themes.calibration

Prints, for the development corpus (`development.py`, never the evaluation data):

- discovery: for each candidate fit threshold, the share of comments about nothing that end
  unassigned, the share of comments about a topic that keep a theme, and NMI;
- assignment: for each candidate threshold, with definitions written for the twelve topics
  (name, description, key terms in English) plus 0 or 5 examples per theme taken from one half
  of the phrase pools (variant 0), checked on comments from the other half (variant 1), short
  and long: accuracy (the right theme, or None for a comment about nothing), the share of
  topical comments given a theme, and the share of comments about nothing given one.

The chosen values are the constants `discovery.FIT_THRESHOLD` and
`assignment.DEFAULT_THRESHOLD`; the reasoning is in the decision record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from govcx.lib.themes.assignment import ThemeAssigner, ThemeDefinition
from govcx.lib.themes.development import generate
from govcx.lib.themes.discovery import Discovery, discover_with
from govcx.lib.themes.measures import normalized_mutual_information

DISCOVERY_THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
ASSIGNMENT_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
NOTHING = "(about nothing)"
UNASSIGNED = "(unassigned)"

# The twelve development topics, defined the way an organization would: a name, a sentence,
# a few key terms, in English only (Spanish comments reach them through the glossary).
DEVELOPMENT_DEFINITIONS = (
    ThemeDefinition(
        "phone_wait",
        "Long waits on the phone",
        "Callers kept on hold or waiting for the phone line to answer.",
        ("on hold", "wait time", "phone line", "hung up"),
    ),
    ThemeDefinition(
        "refund_check",
        "Refund check not received",
        "Refund checks lost, late or sent to the wrong place.",
        ("refund", "check", "mail", "replacement check"),
    ),
    ThemeDefinition(
        "website_login",
        "Website sign-in problems",
        "Cannot log in, password resets, locked accounts, errors on the site.",
        ("login", "password", "locked account", "error message"),
    ),
    ThemeDefinition(
        "appointment",
        "Appointments",
        "Scheduling, availability and cancellation of appointments.",
        ("appointment", "schedule", "available dates", "cancelled appointment"),
    ),
    ThemeDefinition(
        "staff_courtesy",
        "Staff courtesy",
        "How employees and agents treated the customer, kind or rude.",
        ("rude", "kind", "helpful staff", "agent", "employee"),
    ),
    ThemeDefinition(
        "forms_confusing",
        "Confusing forms",
        "Forms and instructions that are hard to understand.",
        ("form", "instructions", "confusing", "documents required"),
    ),
    ThemeDefinition(
        "processing_delay",
        "Processing delays",
        "Applications and cases pending for too long.",
        ("processing time", "pending", "status", "backlog", "under review"),
    ),
    ThemeDefinition(
        "fees_payments",
        "Fees and payments",
        "Charges, fees and payments that went wrong.",
        ("fee", "charged twice", "payment", "credit card"),
    ),
    ThemeDefinition(
        "identity_verification",
        "Identity verification",
        "Proving identity online with a photo ID or a selfie.",
        ("verify identity", "identity verification", "photo id", "selfie"),
    ),
    ThemeDefinition(
        "office_visit",
        "Office visits",
        "Lines, hours, crowding and parking at field offices.",
        ("office", "line", "lobby", "office hours", "parking"),
    ),
    ThemeDefinition(
        "address_change",
        "Address and name changes",
        "Updating a mailing address, a name or contact information.",
        ("change of address", "new address", "name change", "contact information"),
    ),
    ThemeDefinition(
        "benefit_amount",
        "Benefit amount",
        "Benefit amounts reduced, stopped or overpaid.",
        ("benefit amount", "overpayment", "benefits stopped", "monthly benefit"),
    ),
)


def main() -> None:
    for long in (False, True):
        calibrate_discovery(long=long)
    for long in (False, True):
        for examples in (0, 5):
            calibrate_assignment(examples=examples, long=long)


def calibrate_discovery(*, long: bool, n: int = 3_000) -> None:
    comments = generate(n, seed=11, long=long)
    texts = [comment.text for comment in comments]
    truth = [comment.topic or NOTHING for comment in comments]
    print(f"\ndiscovery, {'long' if long else 'short'} comments")
    print("fit threshold | nothing unassigned | topical kept | NMI all | NMI assigned")
    for threshold in DISCOVERY_THRESHOLDS:
        found = discover_with(
            texts, candidate_ks=range(2, 13), min_theme_size=10, seed=0, fit_threshold=threshold
        )
        predicted = _grouping(found)
        kept = [i for i, group in enumerate(predicted) if group != UNASSIGNED]
        nothing = [group for topic, group in zip(truth, predicted, strict=True) if topic == NOTHING]
        topical = [group for topic, group in zip(truth, predicted, strict=True) if topic != NOTHING]
        print(
            f"{threshold:>13.2f} | {_share_of(nothing, UNASSIGNED):>18.3f} "
            f"| {1 - _share_of(topical, UNASSIGNED):>12.3f} "
            f"| {normalized_mutual_information(truth, predicted):>7.3f} "
            f"| {_nmi_of(truth, predicted, kept):.3f}"
        )


def calibrate_assignment(*, examples: int, long: bool, n: int = 3_000) -> None:
    definitions = with_examples(examples)
    checked = generate(n, seed=23, variant=1, long=long)
    texts = [comment.text for comment in checked]
    print(f"\nassignment, {examples} examples per theme, {'long' if long else 'short'} comments")
    print("threshold | accuracy | topical given a theme | nothing given a theme")
    for threshold in ASSIGNMENT_THRESHOLDS:
        got = ThemeAssigner(definitions, threshold=threshold).assign(texts)
        keys = [found.key if found else None for found in got]
        pairs = list(zip(keys, checked, strict=True))
        accuracy = sum(key == comment.topic for key, comment in pairs) / n
        topical = [key is not None for key, comment in pairs if comment.topic]
        nothing = [key is not None for key, comment in pairs if not comment.topic]
        print(
            f"{threshold:>9.2f} | {accuracy:>8.3f} | "
            f"{sum(topical) / len(topical):>21.3f} | {sum(nothing) / len(nothing):>21.3f}"
        )


def with_examples(count: int) -> list[ThemeDefinition]:
    """The development definitions, each with `count` example comments from variant 0."""
    pool = generate(2_000, seed=5, variant=0) if count else []
    return [
        replace(
            definition,
            examples=tuple(c.text for c in pool if c.topic == definition.key)[:count],
        )
        for definition in DEVELOPMENT_DEFINITIONS
    ]


def _grouping(found: Discovery) -> list[str]:
    predicted = [UNASSIGNED] * found.n
    for number, theme in enumerate(found.themes):
        for index in theme.members:
            predicted[index] = str(number)
    return predicted


def _share_of(values: Sequence[str], value: str) -> float:
    return sum(v == value for v in values) / len(values) if values else 0.0


def _nmi_of(truth: Sequence[str], predicted: Sequence[str], kept: Sequence[int]) -> float:
    if not kept:
        return 0.0
    return normalized_mutual_information([truth[i] for i in kept], [predicted[i] for i in kept])


if __name__ == "__main__":
    main()
