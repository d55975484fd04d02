"""The demo agency's comment taxonomy and a first reading of its comments.

An agency starts the way a new customer would: it names the themes it already knows it hears
about (each with a description and the words that mark it, in English and Spanish), the
analysis job reads every comment, and one discovery over the main service's last year
shows what the taxonomy might be missing. Everything goes through govcx's own services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from govcx.comments.analysis import comments_analyse
from govcx.comments.models import ThemeDiscovery
from govcx.comments.services import discovery_run, theme_create
from govcx.registry.models import Organization, Service


@dataclass(frozen=True)
class DemoTheme:
    name: str
    description: str
    key_terms: tuple[str, ...]
    examples: tuple[str, ...]


# What an agency's analysts would write down before reading a single comment in govcx: the
# complaints and praise they already hear about, with a couple of typical comments each.
DEMO_THEMES = (
    DemoTheme(
        "Waiting on hold and in line",
        "Long waits on the phone, in the office or for a call back.",
        ("hold", "waited", "line", "minutes", "hours", "espera", "esperé", "fila"),
        (
            "I was on hold for an hour and nobody picked up.",
            "Esperé casi dos horas en la fila.",
        ),
    ),
    DemoTheme(
        "Slow decisions",
        "Weeks or months without an answer or a decision.",
        ("weeks", "months", "decision", "took too long", "semanas", "meses", "tardó"),
        (
            "It has been two months and I still have no decision.",
            "Tardaron semanas en contestar mi solicitud.",
        ),
    ),
    DemoTheme(
        "Website and account problems",
        "Errors, time-outs, passwords and uploads on the website or app.",
        ("website", "page", "password", "error", "upload", "app", "sitio", "página"),
        (
            "The website crashed when I tried to upload my documents.",
            "No pude entrar a mi cuenta en la página.",
        ),
    ),
    DemoTheme(
        "Confusing forms and instructions",
        "Forms and letters that are hard to understand or do not match.",
        ("form", "forms", "instructions", "confusing", "letter", "formulario", "instrucciones"),
        (
            "The letter did not explain what I had to send.",
            "El formulario es confuso y pide lo mismo dos veces.",
        ),
    ),
    DemoTheme(
        "Rude or unhelpful staff",
        "Staff who were short, rude, rushed or did not know the rules.",
        ("rude", "rushed", "clerk", "different answer", "grosero", "mal trato"),
        (
            "The person I spoke with was rude and rushed me.",
            "Cada persona me dio una respuesta diferente.",
        ),
    ),
    DemoTheme(
        "Helpful, respectful staff",
        "Staff who were kind, patient and explained things.",
        ("helpful", "kind", "patient", "friendly", "respect", "amable", "paciente"),
        (
            "The staff member was patient and explained everything.",
            "La señora fue muy amable conmigo.",
        ),
    ),
    DemoTheme(
        "Quick and easy",
        "Done quickly, simply and on the first try.",
        ("easy", "quick", "fast", "simple", "first try", "fácil", "rápido"),
        (
            "It was quick and easy, done on the first try.",
            "Todo fue rápido y fácil.",
        ),
    ),
)


def comments_seed(organization: Organization, *, main_service: Service, today: dt.date) -> str:
    """Define the demo taxonomy, analyse every stored comment, run one discovery; what was done."""
    for theme in DEMO_THEMES:
        theme_create(
            organization=organization,
            name=theme.name,
            description=theme.description,
            key_terms=theme.key_terms,
            examples=theme.examples,
            user=None,
        )
    analysed = comments_analyse().comments_created
    discovery = _last_year_discovery(organization, main_service, today)
    found = f"; discovery found {discovery.themes.count()} themes" if discovery else ""
    return f"Analysed {analysed:,} comments under a taxonomy of {len(DEMO_THEMES)} themes{found}."


def _last_year_discovery(
    organization: Organization, service: Service, today: dt.date
) -> ThemeDiscovery | None:
    try:
        return discovery_run(
            organization=organization,
            service=service,
            date_from=today - dt.timedelta(days=365),
            date_to=today,
            user=None,
        )
    except ValidationError:  # too few comments in a small demo: the page explains that itself
        return None
