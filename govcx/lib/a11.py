"""The vocabulary of OMB Circular A-11 Section 280, in one place.

Values are the ones the A-11 data collection uses; labels are what a person reads.
"""

from __future__ import annotations

CHANNELS: dict[str, str] = {
    "computer": "Computer",
    "mobile": "Mobile",
    "email": "Email",
    "chatbot": "Chatbot",
    "phone": "Phone",
    "automated_phone": "Automated phone",
    "in_person": "In person",
    "paper": "Paper",
    "postal_mail": "Postal mail",
    "fax": "Fax",
    "self_service_kiosk": "Self-service kiosk",
    "other_non_digital": "Other (non-digital)",
    "website": "Website",
    "mobile_app": "Mobile app",
    "live_chat": "Live chat",
    "sms_text_messages": "SMS / text messages",
    "social_media": "Social media",
    "other_digital": "Other (digital)",
}

SERVICE_KINDS: dict[str, str] = {
    "administrative": "Administrative",
    "benefits": "Benefits",
    "compliance": "Compliance",
    "recreation": "Recreation",
    "informational": "Informational",
    "data_and_research": "Data and Research",
    "regulatory": "Regulatory",
    "other": "Other",
}

# A-11 v2 driver values, in the order the respondent-level file lists them.
V2_DRIVERS: tuple[str, ...] = (
    "effectiveness",
    "ease",
    "efficiency",
    "transparency",
    "humanity",
    "employee",
    "other",
)

LIKERT_LABELS: dict[int, str] = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neutral",
    4: "Agree",
    5: "Strongly agree",
}


def channel_choices() -> list[tuple[str, str]]:
    return list(CHANNELS.items())


def service_kind_choices() -> list[tuple[str, str]]:
    return list(SERVICE_KINDS.items())
