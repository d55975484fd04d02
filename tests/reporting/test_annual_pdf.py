"""The annual report's PDF: a real PDF, drawn (not blank), carrying the web page's figures and
none that the web page hides, rendered without fetching anything."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable

import numpy as np
import pypdfium2
import pytest
from django.test import Client
from weasyprint.urls import FatalURLFetchingError

from govcx.registry.models import User
from govcx.reporting.pdf import pdf_from_html
from tests.conftest import World
from tests.reporting.test_annual_report import (
    figure_texts,
    make_small_year,
    make_standard,
    make_year,
    report_url,
)

WHITE = 250  # a channel value above this is paper, not ink
SOME_INK = 0.01  # the share of a page's pixels that must be drawn on


def pdf_of(client: Client) -> bytes:
    response = client.get(report_url("annual_report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pdf_text(pdf: bytes) -> str:
    """Every page's text, with runs of whitespace (line and page breaks too) made one space."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()
    # PDFium reports a hyphen that ends a line as U+FFFE; the report wrote an ordinary hyphen.
    return " ".join(" ".join(pages).replace("\ufffe", "-").split())


def inked_share(pdf: bytes, page_index: int) -> float:
    """The share of the page's pixels that are not white, rendered at 72 dots per inch."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pixels = document[page_index].render(scale=1).to_numpy()
    finally:
        document.close()
    return float(np.any(pixels < WHITE, axis=-1).mean())


def test_the_pdf_is_a_pdf_whose_first_page_is_drawn(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_year(world)
    response = client_for(world.admin_a).get(report_url("annual_report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="AGA-FY2026-annual-report.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert inked_share(pdf, 0) > SOME_INK
    document = pypdfium2.PdfDocument(pdf)
    try:
        page_count = len(document)
    finally:
        document.close()
    assert page_count >= 3  # the title and summary, the service, the standards and methods


def test_a_blank_page_is_told_apart_from_a_drawn_one() -> None:
    """The ink check can fail: an empty document's page has no ink at all."""
    blank = pdf_from_html("<!DOCTYPE html><html><body></body></html>")
    assert inked_share(blank, 0) == 0


def test_the_pdf_carries_the_figures_the_web_page_shows(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_year(world)
    make_standard(world)
    client = client_for(world.admin_a)
    page = client.get(report_url("annual_report")).content.decode()
    text = pdf_text(pdf_of(client))
    figures = [
        *figure_texts(page, "trust"),
        *figure_texts(page, "satisfaction"),
        *figure_texts(page, "trust-change"),
    ]
    assert figures == [
        "74.1 % (95 % CI 65.3–81.3 %, n = 112)",
        "63.6 % (95 % CI 43.0–80.3 %, n = 22)",
        figures[2],
    ]
    for figure in figures:
        assert " ".join(figure.split()) in text
    for quarter in ("71.9 % (95 % CI 54.6–84.4 %)", "60.0 % (95 % CI 44.6–73.7 %)"):
        assert quarter in page
        assert quarter in text  # Q1's 23 of 32 and Q2's 24 of 40, in the tables
    standard_q1 = "75.0% (95% interval 46.8% to 91.1%; n = 12 cases)"
    assert " ".join(html.unescape(re.sub("<[^>]+>", "", page)).split()).count(standard_q1) == 2
    assert text.count(standard_q1) == 2  # Q1 and the whole year
    assert text.lower().count("below the standard") == 2
    assert "Agency A: FY2026 annual customer experience report" in text
    assert "Page 1 of" in text


def test_the_pdf_hides_what_the_web_page_hides(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_small_year(world)
    client = client_for(world.admin_a)
    page = client.get(report_url("annual_report")).content.decode()
    text = pdf_text(pdf_of(client))
    assert figure_texts(page, "trust")[0] in text  # the year: 36 of 49
    assert "fewer than 10 responses" in text
    for hidden in ("25.0 %", "75.0 %"):  # Q2's 1 of 4, and Q1's 15 of 20 hidden with it
        assert hidden not in page
        assert hidden not in text


@pytest.mark.parametrize(
    "reference",
    [
        '<img src="http://127.0.0.1:9/chart.png" alt="">',
        '<link rel="stylesheet" href="https://127.0.0.1:9/print.css">',
        '<img src="file:///etc/hostname" alt="">',
    ],
)
def test_rendering_refuses_to_fetch_anything(reference: str) -> None:
    with pytest.raises(FatalURLFetchingError):
        pdf_from_html(f"<!DOCTYPE html><html><head></head><body>{reference}</body></html>")


def test_inline_images_are_drawn() -> None:
    square = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200">'
        '<rect width="200" height="200" fill="#005ea2"/></svg>'
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(square.encode()).decode()
    pdf = pdf_from_html(f'<!DOCTYPE html><html><body><img src="{uri}" alt=""></body></html>')
    assert inked_share(pdf, 0) > SOME_INK
