"""Each detector on what it must find, and on the look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from govcx.lib.redaction import redact


def found(text: str, language: str | None = None) -> list[tuple[str, str]]:
    """(type, value) of every finding, in order."""
    return [(f.type, text[f.start : f.end]) for f in redact(text, language=language).findings]


def types_of(text: str, language: str | None = None) -> list[str]:
    return [kind for kind, _ in found(text, language)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Write to maria.lopez@example.com please", "maria.lopez@example.com"),
        ("carolyn11+irs@home.example.org.", "carolyn11+irs@home.example.org"),
        ("mi correo es jperez_77@correo.mx, gracias", "jperez_77@correo.mx"),
        ("email me at jdoe at gmail dot com", "jdoe at gmail dot com"),
    ],
)
def test_email_addresses(text: str, value: str) -> None:
    assert found(text) == [("EMAIL", value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call me at (202) 555-0143 today", "(202) 555-0143"),
        ("my cell 202-555-0143", "202-555-0143"),
        ("202.555.0143 is best", "202.555.0143"),
        ("Reach me on +1 202 555 0143.", "+1 202 555 0143"),
        ("1-800-555-0199 is my work line", "1-800-555-0199"),
        ("my phone number is 2025550143", "2025550143"),
        ("office line (202) 555-0143 ext. 214, thanks", "(202) 555-0143 ext. 214"),
        ("Mi teléfono es 202 555 0143", "202 555 0143"),
        ("llámeme al 5550143 por favor", "5550143"),
        ("cel: 2025550143", "2025550143"),
        ("Mi número es 55 1234 5678", "55 1234 5678"),
        ("whatsapp +52 55 1234 5678", "+52 55 1234 5678"),
        ("I filled out the form, all of it. My number is (202) 555-0143", "(202) 555-0143"),
        ("Tel:202-555-0143 (office)", "202-555-0143"),
        ("Phone:(787)5550123", "(787)5550123"),
        ("call 202/555-0143", "202/555-0143"),
        ("at 202–555–0143 after six", "202–555–0143"),
        ("Reach me anytime: 2025550143", "2025550143"),
        ("2025550143 is where I can be reached", "2025550143"),
        ("+12025550143 works too", "+12025550143"),
    ],
)
def test_phone_numbers(text: str, value: str) -> None:
    assert found(text) == [("PHONE", value)]


@pytest.mark.parametrize(
    "text",
    [
        "I paid $202.55 and then $1,555.01 more",
        "The payment of 2025550143 cents was wrong",
        "Order number 202-555-0143 never arrived",
        "Confirmation # 2025550143 was not accepted",
        "My appointment was 2024-05-01 from 10:30-11:30",
        "The office at ZIP 20500-0003 was closed",
        "We waited 1,234,567 seconds, or so it felt",
        "The survey says OMB 1555-9672 at the bottom",
        "Back in 1999 and again in 2020 I applied",
        "Tracking number 9400111899223344556677",
        "El pedido 2025550143 no llegó",
        "Ref 1234567890 and then 1234567890 again",  # no area code starts with 1
        "I was charged 2025550143 pesos, or so it says",
    ],
)
def test_numbers_that_look_like_phone_numbers_are_not(text: str) -> None:
    assert "PHONE" not in types_of(text)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("SSN 123-45-6789 on file", "SSN", "123-45-6789"),
        ("my social is 123 45 6789", "SSN", "123 45 6789"),
        ("my social security number is 123456789.", "SSN", "123456789"),
        ("número de seguro social 123456789", "SSN", "123456789"),
        ("the last four of my SSN are 6789", "SSN", "6789"),
        ("ITIN 912-78-1234", "TIN", "912-78-1234"),
        ("my number 923-94-5678 was rejected", "TIN", "923-94-5678"),
        ("Employer identification number 10-4351524 is ours", "TIN", "10-4351524"),
        ("our EIN: 12-3456789", "TIN", "12-3456789"),
        ("mi ITIN es 900701234", "TIN", "900701234"),
    ],
)
def test_ssn_and_taxpayer_numbers(text: str, kind: str, value: str) -> None:
    assert found(text) == [(kind, value)]


def test_a_dashed_ein_without_a_cue_is_left_alone() -> None:
    assert found("Form 10-4351524 is on page 2") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("My A-number is A123456789.", "A123456789"),
        ("case for A-123-456-789 stalled", "A-123-456-789"),
        ("A# 12345678 on my card", "A# 12345678"),
        ("alien registration number 123-456-789", "123-456-789"),
        ("mi número A es 123456789", "123456789"),
        ("USCIS number 012345678 please", "012345678"),
        ("my a-number is a123456789", "a123456789"),
    ],
)
def test_alien_registration_numbers(text: str, value: str) -> None:
    assert found(text) == [("A_NUMBER", value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my passport number is 123456789", "123456789"),
        ("Passport # X12345678 was mailed", "X12345678"),
        ("Our son's passport, number 795518663, arrived damaged", "795518663"),
        ("The new passport (A38211907) has my name misspelled", "A38211907"),
        ("mi pasaporte G12345678 llegó roto", "G12345678"),
    ],
)
def test_passport_numbers(text: str, value: str) -> None:
    assert found(text) == [("PASSPORT", value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("card 4111 1111 1111 1111 was charged", "4111 1111 1111 1111"),
        ("charged to 4111-1111-1111-1111", "4111-1111-1111-1111"),
        ("charged 5555555555554444 twice", "5555555555554444"),
        ("amex 3782 822463 10005", "3782 822463 10005"),
        ("tarjeta 4012888888881881", "4012888888881881"),
    ],
)
def test_payment_cards(text: str, value: str) -> None:
    assert found(text) == [("CARD", value)]


@pytest.mark.parametrize(
    "text",
    [
        "charged 4111111111111112 twice",  # fails Luhn
        "reference 1234567812345678 please",  # fails Luhn
        "0000 0000 0000 0000 is not a card",  # passes Luhn, no issuer
    ],
)
def test_digit_runs_that_are_not_cards(text: str) -> None:
    assert "CARD" not in types_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "routing 021000021 account 12345678",
            [("ROUTING_NUMBER", "021000021"), ("BANK_ACCOUNT", "12345678")],
        ),
        ("ABA 011000015 for the deposit", [("ROUTING_NUMBER", "011000015")]),
        (
            "ruta 266719643, cuenta 4737-3855824",
            [("ROUTING_NUMBER", "266719643"), ("BANK_ACCOUNT", "4737-3855824")],
        ),
        (
            "routing and account numbers: 021000021 and 12345678",
            [("ROUTING_NUMBER", "021000021"), ("BANK_ACCOUNT", "12345678")],
        ),
        ("checking account ending in 4321", [("BANK_ACCOUNT", "4321")]),
        ("número de cuenta 000123456789", [("BANK_ACCOUNT", "000123456789")]),
        (
            "deposit to account #123456789012, routing #021000021",
            [("BANK_ACCOUNT", "123456789012"), ("ROUTING_NUMBER", "021000021")],
        ),
        (
            "ruta 269466362, cuenta 017974051.",
            [("ROUTING_NUMBER", "269466362"), ("BANK_ACCOUNT", "017974051")],
        ),
    ],
)
def test_bank_accounts_and_routing_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "routing 021000022 please",  # fails the ABA checksum
        "I have had this account since 2019",  # a year, not an account
        "021000021 is a number I saw",  # ABA-valid, but nothing says what it is
        "I have had this account from 2019-2024",  # years
    ],
)
def test_numbers_that_are_not_bank_details(text: str) -> None:
    assert types_of(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "I live at 1234 N Main Street Apt 5B, Springfield, IL 62704.",
            "1234 N Main Street Apt 5B, Springfield, IL 62704",
        ),
        ("send it to 55 elm st apt 3", "55 elm st apt 3"),
        (
            "1600 Pennsylvania Ave NW, Washington, DC 20500",
            "1600 Pennsylvania Ave NW, Washington, DC 20500",
        ),
        ("my house, 742 Evergreen Terrace, was skipped", "742 Evergreen Terrace"),
        (
            "4500 Martin Luther King Jr Blvd #12 is my address",
            "4500 Martin Luther King Jr Blvd #12",
        ),
        ("P.O. Box 1234, Austin, TX 78701", "P.O. Box 1234, Austin, TX 78701"),
        ("mail to PO Box 77", "PO Box 77"),
        ("12345 State Highway 16 gets no mail", "12345 State Highway 16"),
        ("Vivo en Calle Luna 15, apartamento 3B", "Calle Luna 15, apartamento 3B"),
        ("Vivo en Avenida Juárez 456, depto 3.", "Avenida Juárez 456, depto 3"),
        ("la carta fue al 123 calle Principal", "123 calle Principal"),
        ("I live at 123 Main and the mail never comes", "123 Main"),
        ("My address is 45 oak hollow, springfield.", "45 oak hollow, springfield"),
        ("1010 Oak Ridge Road Suite 200", "1010 Oak Ridge Road Suite 200"),
        ("4500 Martin Luther King Jr. Blvd. Apt. 5", "4500 Martin Luther King Jr. Blvd. Apt. 5"),
        ("Send it to RR 2 Box 15.", "RR 2 Box 15"),
        ("Mi dirección: Calle del Sol 45, Col. Centro.", "Calle del Sol 45, Col. Centro"),
        ("Mi dirección es 22 Calle Sol. Gracias.", "22 Calle Sol"),
    ],
)
def test_street_addresses_with_or_without_zip(text: str, value: str) -> None:
    assert found(text) == [("ADDRESS", value)]


@pytest.mark.parametrize(
    "text",
    [
        "We drove 20 miles down the street to the office",
        "I waited 3 hours in a row",
        "It took 2 days to get through the main road closure",
        "Line 5 at the front desk was slow",
    ],
)
def test_numbers_before_street_words_are_not_addresses(text: str) -> None:
    assert "ADDRESS" not in types_of(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I was born on March 5, 1980 and", "March 5, 1980"),
        ("DOB: 03/05/1980", "03/05/1980"),
        ("date of birth 1980-03-05", "1980-03-05"),
        ("my birthday is 5th of March 1980", "5th of March 1980"),
        ("born Feb. 2, 1950, and", "Feb. 2, 1950"),
        ("Nací el 3 de abril de 1975", "3 de abril de 1975"),
        ("fecha de nacimiento: 15/04/1980", "15/04/1980"),
        ("mi hija nació el 2 de mayo de 2010", "2 de mayo de 2010"),
        ("I was born in 1976 and", "1976"),
        ("Nací el primero de mayo de 1980", "primero de mayo de 1980"),
    ],
)
def test_dates_of_birth(text: str, value: str) -> None:
    assert found(text) == [("DOB", value)]


@pytest.mark.parametrize(
    "text",
    [
        "My appointment is on March 5, 1980",
        "The letter came 03/05/2024 and the appointment was 2024-04-01",
        "Birth certificate issued 03/04/2015",
        "Mi cita es el 3 de abril de 2025",
        "I was born in Mexico and came here on 03/05/2001",
        "Nací en Ponce. Llegué el 3 de junio de 2001",
    ],
)
def test_dates_without_a_birth_cue_are_not_birth_dates(text: str) -> None:
    assert "DOB" not in types_of(text)


def test_only_the_date_after_the_birth_cue_is_a_birth_date() -> None:
    text = "I was born 01/02/1980 and my appointment is 02/03/2024."
    assert found(text) == [("DOB", "01/02/1980")]


def test_a_number_of_things_is_not_an_a_number() -> None:
    assert found("I have a number of complaints: a 12345678 second wait") == []


def test_addresses_stop_at_the_end_of_their_sentence() -> None:
    text = "I live at 12 Elm St. Old address 45 W. 3rd Avenue."
    assert found(text) == [("ADDRESS", "12 Elm St."), ("ADDRESS", "45 W. 3rd Avenue")]
