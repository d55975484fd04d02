"""The stream of synthetic responses: when, where, in which language, and what was answered.

The generator never holds more than one hour of responses. It walks the period hour by
hour; each hour receives its share of the requested count in proportion to how busy that
hour is (offices open on weekday business hours, websites busiest in the day and evening,
volumes that grow, filing-season peaks, day-to-day noise), so the output comes out in time
order, as real responses would have arrived, and adds up to exactly the count asked for.

Within an hour each response picks a survey and channel ("cell") by that hour's weights,
then whether the respondent had a good experience from the service's habits at that point in
time, then answers that fit. Everything is drawn from one `random.Random` seeded from the
demo seed, so a seed always gives the same responses.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from array import array
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple
from zoneinfo import ZoneInfo

from govcx.demo.answers import AnswerMaker, Answers, Habits, Respondent, answer_maker_for
from govcx.demo.blueprint import ChannelHabits, ServiceBlueprint
from govcx.demo.comments import CommentWriter
from govcx.demo.identity import IdentityMint, stream_counter_start
from govcx.demo.period import DemoPeriod
from govcx.demo.randomness import seeded_random
from govcx.surveys.structure import SurveyStructure

# Most of the public the demo agency serves is in the eastern half of the country.
LOCAL_TIME = ZoneInfo("America/New_York")
WEEKDAY_HOURS = (8, 18)  # when offices and contact centers are open, local time
# Responses per hour through the day on digital channels, from midnight (local time).
DIGITAL_HOURS = (
    *(0.15, 0.1, 0.07, 0.05, 0.05, 0.08, 0.2, 0.4, 0.7, 0.9, 1.0, 1.0),
    *(0.95, 1.0, 1.0, 0.95, 0.9, 0.85, 0.8, 0.8, 0.75, 0.6, 0.4, 0.25),
)
OFFICE_HOURS = {8: 0.5, 9: 0.9, 10: 1.0, 11: 1.0, 12: 0.75, 13: 0.9, 14: 1.0, 15: 0.95, 16: 0.8}
END_OF_DAY = 0.3  # the last open hour, when few start something new
DIGITAL_WEEKEND = 0.6
FILING_SEASON_MONTHS = frozenset({1, 2, 3, 4})
FILING_SEASON_VOLUME = 1.3
DECEMBER_VOLUME = 0.85
DAILY_NOISE = 0.12  # standard deviation of the log of a day's volume
SPANISH_SHIFT = -0.03  # Spanish speakers meet fewer translated pages and bilingual staff
POSITIVE_RATE_BOUNDS = (0.03, 0.97)
SPAM_RATE = 0.006
FLAG_RATE = 0.05  # of unhappy responses with a comment, set aside for a second look
# Channels answered while someone is at work: staffed lines and counters, and paper or mailed
# surveys, which staff key in. Every other channel is open around the clock.
STAFFED_CHANNELS = frozenset(
    {
        "phone",
        "live_chat",
        "in_person",
        "self_service_kiosk",
        "paper",
        "postal_mail",
        "fax",
        "other_non_digital",
    }
)
# Channels on which a survey sits on a web page, whose address is stored with the response.
WEB_CHANNELS = frozenset({"website", "mobile", "computer"})


@dataclass(frozen=True)
class SurveyPlan:
    """A published survey, its version and the service whose habits shape its responses."""

    organization_id: int
    service_id: int | None
    survey_id: int
    version_id: int
    kind: str
    structure: SurveyStructure
    service: ServiceBlueprint
    website: str


@dataclass(frozen=True)
class Cell:
    """One survey on one channel: the unit whose volume and mood vary over time."""

    plan: SurveyPlan
    habits: ChannelHabits
    share: float
    maker: AnswerMaker
    page_urls: tuple[str, ...]

    @property
    def channel(self) -> str:
        return self.habits.channel

    def positive_rate(self, progress: float, month: int) -> float:
        """The chance of a good experience at `progress` (0 to 1) through the period."""
        service = self.plan.service
        rate = service.positive_rate + self.habits.positive_shift + service.trend * progress
        if progress >= self.habits.step_at:
            rate += self.habits.step_shift
        if month in FILING_SEASON_MONTHS:
            rate -= service.filing_season_dip
        low, high = POSITIVE_RATE_BOUNDS
        return min(high, max(low, rate))


class GeneratedResponse(NamedTuple):
    cell: Cell
    uuid_int: int
    receipt_id: str
    language: str
    hour_index: int
    second: int  # within the hour
    answers: Answers
    page_url: str
    is_spam: bool
    is_flagged: bool


@dataclass(frozen=True)
class HourFacts:
    """What shapes an hour's volume and mood: local weekday and hour, month, progress."""

    local_weekday: int
    local_hour: int
    month: int
    day_index: int
    progress: float


def hour_facts(period: DemoPeriod) -> list[HourFacts]:
    facts = []
    hours = period.hour_count
    for index in range(hours):
        start = period.hour_start(index)
        local = start.astimezone(LOCAL_TIME)
        day_index = (start.date() - period.start.date()).days
        facts.append(HourFacts(local.weekday(), local.hour, start.month, day_index, index / hours))
    return facts


def hour_of_week_weight(channel: str, facts: HourFacts) -> float:
    """How busy a channel is in an hour, relative to its busiest hours."""
    weekend = facts.local_weekday >= 5
    if channel not in STAFFED_CHANNELS:
        weight = DIGITAL_HOURS[facts.local_hour]
        return weight * DIGITAL_WEEKEND if weekend else weight
    open_from, open_until = WEEKDAY_HOURS
    if weekend or not open_from <= facts.local_hour < open_until:
        return 0.0
    return OFFICE_HOURS.get(facts.local_hour, END_OF_DAY)


def season_weight(service: ServiceBlueprint, facts: HourFacts) -> float:
    weight = math.pow(service.volume_growth, facts.progress)
    if service.filing_season_dip and facts.month in FILING_SEASON_MONTHS:
        weight *= FILING_SEASON_VOLUME
    if facts.month == 12:
        weight *= DECEMBER_VOLUME
    return weight


def cell_profile(
    cell: Cell, facts: Sequence[HourFacts], day_noise: Sequence[float]
) -> array[float]:
    """The cell's share of its responses in each hour; the values add up to `cell.share`."""
    weights = array("d", bytes(8 * len(facts)))
    for index, hour in enumerate(facts):
        if hour.progress < cell.habits.launched_at:
            continue
        weights[index] = (
            hour_of_week_weight(cell.channel, hour)
            * season_weight(cell.plan.service, hour)
            * day_noise[hour.day_index]
        )
    total = math.fsum(weights)
    if total == 0:
        raise ValueError(f"The channel {cell.channel} has no open hours in the demo period.")
    scale = cell.share / total
    for index in range(len(weights)):
        weights[index] *= scale
    return weights


def build_cells(plans: Sequence[SurveyPlan], writer: CommentWriter) -> list[Cell]:
    total_share = math.fsum(plan.service.share for plan in plans)
    cells = []
    for plan in plans:
        service = plan.service
        habits = Habits(strong_drivers=service.strong_drivers, weak_drivers=service.weak_drivers)
        maker = answer_maker_for(plan.kind, plan.structure, habits, writer)
        channel_total = math.fsum(channel.share for channel in service.channels)
        for channel in service.channels:
            share = service.share / total_share * channel.share / channel_total
            pages = (
                tuple(plan.website + path for path in service.page_paths)
                if channel.channel in WEB_CHANNELS
                else ()
            )
            cells.append(Cell(plan, channel, share, maker, pages))
    return cells


def hourly_counts(weights_per_hour: Sequence[float], count: int) -> list[int]:
    """Split `count` over the hours in proportion to their weights, adding up exactly."""
    total = math.fsum(weights_per_hour)
    if total <= 0:
        raise ValueError("No hour in the demo period can receive responses.")
    counts = []
    running = 0.0
    issued = 0
    for weight in weights_per_hour:
        running += weight
        upto = round(count * running / total)
        counts.append(upto - issued)
        issued = upto
    # Floating-point sums may be a hair off; the last busy hour takes up the difference.
    last_busy = max(index for index, weight in enumerate(weights_per_hour) if weight > 0)
    counts[last_busy] += count - issued
    return counts


class ResponseGenerator:
    """Yields `count` responses over `period` for the given surveys, reproducibly."""

    def __init__(
        self,
        *,
        plans: Sequence[SurveyPlan],
        count: int,
        period: DemoPeriod,
        seed: str,
        stream_index: int,
    ) -> None:
        if not plans:
            raise ValueError("The generator needs at least one published survey.")
        self.count = count
        self.period = period
        self.rng = seeded_random(f"{seed}/responses")
        self.mint = IdentityMint(seed)
        self.counter = stream_counter_start(stream_index)
        self.cells = build_cells(plans, CommentWriter())
        self.facts = hour_facts(period)
        noise_rng = seeded_random(f"{seed}/daily-volume")
        days = self.facts[-1].day_index + 1
        day_noise = [math.exp(noise_rng.gauss(0.0, DAILY_NOISE)) for _ in range(days)]
        self.profiles = [cell_profile(cell, self.facts, day_noise) for cell in self.cells]

    def _hour_weights(self) -> list[float]:
        return [math.fsum(column) for column in zip(*self.profiles, strict=True)]

    def __iter__(self) -> Iterator[GeneratedResponse]:
        counts = hourly_counts(self._hour_weights(), self.count)
        for hour_index, in_this_hour in enumerate(counts):
            if in_this_hour:
                yield from self._hour(hour_index, in_this_hour)

    def _hour(self, hour_index: int, count: int) -> Iterator[GeneratedResponse]:
        rng = self.rng
        facts = self.facts[hour_index]
        cumulative = list(accumulate(profile[hour_index] for profile in self.profiles))
        rates = [cell.positive_rate(facts.progress, facts.month) for cell in self.cells]
        seconds = sorted(
            rng.randrange(self.period.seconds_in_hour(hour_index)) for _ in range(count)
        )
        for second in seconds:
            index = bisect(cumulative, rng.random() * cumulative[-1])
            yield self._response(self.cells[index], rates[index], hour_index, second)

    def _response(
        self, cell: Cell, positive_rate: float, hour_index: int, second: int
    ) -> GeneratedResponse:
        rng = self.rng
        spanish = rng.random() < cell.plan.service.spanish_share
        if spanish:
            positive_rate += SPANISH_SHIFT
        respondent = Respondent(
            positive=rng.random() < positive_rate,
            channel=cell.channel,
            language="es" if spanish else "en",
            spam=rng.random() < SPAM_RATE,
        )
        answers = cell.maker.make(rng, respondent)
        counter = self.counter
        self.counter += 1
        return GeneratedResponse(
            cell=cell,
            uuid_int=self.mint.uuid_int(counter),
            receipt_id=self.mint.receipt_id(counter),
            language=respondent.language,
            hour_index=hour_index,
            second=second,
            answers=answers,
            page_url=rng.choice(cell.page_urls) if cell.page_urls else "",
            is_spam=respondent.spam,
            is_flagged=self._flag(rng, respondent, answers),
        )

    @staticmethod
    def _flag(rng: random.Random, respondent: Respondent, answers: Answers) -> bool:
        has_comment = any(key.startswith("comments") for key in answers)
        unhappy = not respondent.positive and not respondent.spam
        return unhappy and has_comment and rng.random() < FLAG_RATE


def hour_start_text(period: DemoPeriod, hour_index: int) -> str:
    """`2025-03-04 14:` — the part of a timestamp shared by a whole hour."""
    return period.hour_start(hour_index).strftime("%Y-%m-%d %H:")


def created_at(period: DemoPeriod, hour_index: int, second: int) -> dt.datetime:
    return period.hour_start(hour_index) + dt.timedelta(seconds=second)
