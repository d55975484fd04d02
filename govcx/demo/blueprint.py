"""What the demo builds: two agencies, their providers, services, surveys, people and habits.

Everything here is fictional. The numbers that shape the synthetic responses (how often
people are satisfied, on which channel, how that changes over time) are chosen so that the
insights pages have something true to find: a website redesign that works, a contact
center whose phone queues get worse every filing season, a records backlog being cleared.
"""

from __future__ import annotations

from dataclasses import dataclass

# How many responses the second agency receives at most, whatever --responses says.
SECOND_AGENCY_RESPONSES = 300


@dataclass(frozen=True)
class ChannelHabits:
    """How one channel of one service behaves.

    `share` is this channel's part of the service's responses; `positive_shift` moves the
    service's rate of positive experiences on this channel; `step_at`/`step_shift` model a
    change that lands part-way through the period (a fraction from 0 to 1); a channel with
    `launched_at` above 0 has no responses before that point.
    """

    channel: str
    share: float
    positive_shift: float = 0.0
    step_at: float = 1.0
    step_shift: float = 0.0
    launched_at: float = 0.0


@dataclass(frozen=True)
class SurveyBlueprint:
    template_key: str
    relevant_population: str = ""
    omb_control_number: str = ""
    # A hidden question the agency's case system fills from the link it sends customers.
    collects_transaction_id: bool = False


@dataclass(frozen=True)
class ServiceBlueprint:
    """A service and the habits of the people who answer its survey."""

    name: str
    description: str
    kind: str
    channels: tuple[ChannelHabits, ...]
    survey: SurveyBlueprint
    share: float  # of the agency's responses
    positive_rate: float  # at the start of the period, before channel shifts
    trend: float  # change in the positive rate from the start to the end of the period
    filing_season_dip: float = 0.0  # January to April, when the busiest season strains it
    spanish_share: float = 0.1
    volume_growth: float = 1.0  # responses per day at the end relative to the start
    weak_drivers: tuple[str, ...] = ()  # what unhappy respondents most often name
    strong_drivers: tuple[str, ...] = ()  # what happy respondents most often name
    page_paths: tuple[str, ...] = ()  # pages the survey appears on, for digital channels
    provider_slug: str | None = None
    is_hisp_service: bool = False
    estimated_annual_customers: int | None = None


@dataclass(frozen=True)
class ProviderBlueprint:
    name: str
    slug: str
    department: str
    bureau: str
    year_designated: int


@dataclass(frozen=True)
class PersonBlueprint:
    username: str
    first_name: str
    last_name: str
    role: str


@dataclass(frozen=True)
class AgencyBlueprint:
    name: str
    abbreviation: str
    email_domain: str
    website: str
    providers: tuple[ProviderBlueprint, ...]
    services: tuple[ServiceBlueprint, ...]
    people: tuple[PersonBlueprint, ...]
    # Used in the v2 trust question: "I trust [Agency] to …".
    name_in_a_sentence: str = ""


DEPARTMENT = "Department of Demonstration Services"

DEMO_AGENCY = AgencyBlueprint(
    name=DEPARTMENT,
    abbreviation="DDS",
    email_domain="demo.example.gov",
    website="https://www.demo.example.gov",
    name_in_a_sentence="the Department of Demonstration Services",
    providers=(
        ProviderBlueprint(
            name="Office of Disability and Income Benefits",
            slug="dds-disability-income-benefits",
            department=DEPARTMENT,
            bureau="Office of Disability and Income Benefits",
            year_designated=2019,
        ),
        ProviderBlueprint(
            name="Bureau of Licensing and Records",
            slug="dds-licensing-records",
            department=DEPARTMENT,
            bureau="Bureau of Licensing and Records",
            year_designated=2022,
        ),
    ),
    services=(
        ServiceBlueprint(
            name="Apply for disability benefits",
            description=(
                "People with a disability that keeps them from working apply for monthly "
                "benefits online, by phone, at a field office or by mail."
            ),
            kind="benefits",
            provider_slug="dds-disability-income-benefits",
            is_hisp_service=True,
            estimated_annual_customers=2_400_000,
            survey=SurveyBlueprint(
                template_key="a11_v2_thumbs",
                relevant_population="people with disabilities and their families",
                omb_control_number="1599-0101",
            ),
            share=0.34,
            positive_rate=0.66,
            trend=0.04,
            spanish_share=0.14,
            volume_growth=1.15,
            weak_drivers=("efficiency", "ease", "transparency"),
            strong_drivers=("employee", "humanity"),
            page_paths=("/disability/apply", "/disability/apply/status", "/disability/documents"),
            channels=(
                # The online application was redesigned a little after the middle of the period.
                ChannelHabits("website", 0.46, positive_shift=-0.04, step_at=0.55, step_shift=0.12),
                ChannelHabits("phone", 0.24, positive_shift=-0.07),
                ChannelHabits("in_person", 0.2, positive_shift=0.12),
                ChannelHabits("postal_mail", 0.1, positive_shift=-0.02),
            ),
        ),
        ServiceBlueprint(
            name="Benefits contact center",
            description=(
                "Answers questions about applications, payments and appeals by phone, live chat "
                "and email, and through the automated phone line at any hour."
            ),
            kind="informational",
            provider_slug="dds-disability-income-benefits",
            is_hisp_service=True,
            estimated_annual_customers=6_800_000,
            survey=SurveyBlueprint(
                template_key="a11_v2_likert",
                relevant_population="people who apply for and receive benefits",
                omb_control_number="1599-0102",
                collects_transaction_id=True,
            ),
            share=0.24,
            positive_rate=0.62,
            trend=-0.08,
            filing_season_dip=0.09,
            spanish_share=0.2,
            volume_growth=1.3,
            weak_drivers=("efficiency", "effectiveness"),
            strong_drivers=("employee", "humanity", "effectiveness"),
            channels=(
                ChannelHabits("phone", 0.48, positive_shift=-0.06),
                ChannelHabits("automated_phone", 0.17, positive_shift=-0.14),
                ChannelHabits("live_chat", 0.25, positive_shift=0.1, launched_at=0.2),
                ChannelHabits("email", 0.1, positive_shift=0.0),
            ),
        ),
        ServiceBlueprint(
            name="Renew a professional license",
            description=(
                "Licensed professionals renew every two years online, in the mobile app, at a "
                "service center or on the paper form."
            ),
            kind="regulatory",
            provider_slug="dds-licensing-records",
            is_hisp_service=True,
            estimated_annual_customers=410_000,
            survey=SurveyBlueprint(template_key="a11_v1", omb_control_number="1599-0103"),
            share=0.15,
            positive_rate=0.74,
            trend=0.05,
            spanish_share=0.06,
            volume_growth=1.05,
            weak_drivers=("ease", "efficiency"),
            strong_drivers=("efficiency", "effectiveness"),
            page_paths=("/licenses/renew", "/licenses/renew/payment"),
            channels=(
                ChannelHabits("website", 0.52),
                ChannelHabits("mobile_app", 0.2, positive_shift=0.07, launched_at=0.4),
                ChannelHabits("in_person", 0.16, positive_shift=0.05),
                ChannelHabits("paper", 0.12, positive_shift=-0.12),
            ),
        ),
        ServiceBlueprint(
            name="Request copies of records",
            description=(
                "Anyone may ask for copies of their own case file or of licensing records; "
                "requests arrive online, by mail, by email and by fax."
            ),
            kind="administrative",
            provider_slug="dds-licensing-records",
            is_hisp_service=True,
            estimated_annual_customers=180_000,
            survey=SurveyBlueprint(
                template_key="a11_v2_thumbs",
                relevant_population="people who need copies of their records",
                omb_control_number="1599-0104",
            ),
            share=0.12,
            # A large backlog is cleared over the period, so satisfaction climbs steeply.
            positive_rate=0.42,
            trend=0.24,
            spanish_share=0.09,
            volume_growth=0.9,
            weak_drivers=("efficiency", "transparency"),
            strong_drivers=("efficiency", "ease"),
            page_paths=("/records/request", "/records/request/status"),
            channels=(
                ChannelHabits("website", 0.55, positive_shift=0.04),
                ChannelHabits("postal_mail", 0.2, positive_shift=-0.05),
                ChannelHabits("email", 0.17),
                ChannelHabits("fax", 0.08, positive_shift=-0.08),
            ),
        ),
        ServiceBlueprint(
            name="Help center",
            description=(
                "Plain-language answers to common questions on the agency's website, with a "
                "chatbot for quick questions."
            ),
            kind="informational",
            estimated_annual_customers=9_500_000,
            survey=SurveyBlueprint(template_key="yes_no"),
            share=0.15,
            positive_rate=0.7,
            trend=0.03,
            spanish_share=0.18,
            volume_growth=1.2,
            weak_drivers=("effectiveness", "ease"),
            strong_drivers=("effectiveness", "ease"),
            page_paths=(
                "/help/how-to-apply",
                "/help/payments",
                "/help/change-address",
                "/help/appeals",
                "/help/renew-license",
                "/help/forms",
            ),
            channels=(
                ChannelHabits("website", 0.68),
                ChannelHabits("mobile", 0.22, positive_shift=-0.05),
                ChannelHabits("chatbot", 0.1, positive_shift=-0.1),
            ),
        ),
    ),
    people=(
        PersonBlueprint("demo", "Dana", "Demo", "organization_admin"),
        PersonBlueprint("demo-manager", "Morgan", "Manager", "survey_manager"),
        PersonBlueprint("demo-viewer", "Val", "Viewer", "response_viewer"),
        PersonBlueprint("demo-performance", "Pat", "Performance", "performance_manager"),
    ),
)

SECOND_AGENCY = AgencyBlueprint(
    name="Agency of Example Programs",
    abbreviation="AEP",
    email_domain="programs.example.gov",
    website="https://www.programs.example.gov",
    name_in_a_sentence="the Agency of Example Programs",
    providers=(),
    services=(
        ServiceBlueprint(
            name="Reserve a campsite",
            description="Reservations for campsites and day-use permits in example parks.",
            kind="recreation",
            estimated_annual_customers=52_000,
            survey=SurveyBlueprint(
                template_key="a11_v2_thumbs",
                relevant_population="visitors to public lands",
                omb_control_number="1598-0201",
            ),
            share=1.0,
            positive_rate=0.78,
            trend=0.0,
            spanish_share=0.05,
            weak_drivers=("ease",),
            strong_drivers=("ease", "efficiency"),
            page_paths=("/camping/reserve",),
            channels=(
                ChannelHabits("website", 0.8),
                ChannelHabits("phone", 0.2, positive_shift=-0.05),
            ),
        ),
    ),
    people=(PersonBlueprint("aep-admin", "Alex", "Example", "organization_admin"),),
)
