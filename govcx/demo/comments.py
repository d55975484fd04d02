"""Free-text comments for synthetic responses, built from sentences people really write.

Each sentence is tagged with its tone (positive or negative), the A-11 driver it is about
and, when it only makes sense there, the kind of channel (nobody waits on hold on a
website). A comment is one sentence about a driver the respondent chose, sometimes followed
by a second. None of them carries a name, number or anything else that points at a person.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

LANGUAGES = ("en", "es")
TOPICS = (
    "effectiveness",
    "ease",
    "efficiency",
    "transparency",
    "humanity",
    "employee",
    "general",
)
SECOND_SENTENCE_RATE = 0.4

CHANNEL_GROUPS: dict[str, str] = {
    "phone": "phone",
    "automated_phone": "phone",
    "in_person": "in_person",
    "self_service_kiosk": "in_person",
    "paper": "mail",
    "postal_mail": "mail",
    "fax": "mail",
    "live_chat": "chat",
    "chatbot": "chat",
    "sms_text_messages": "chat",
}
DIGITAL = "digital"  # every channel not named above: website, mobile app, email …


def channel_group(channel: str) -> str:
    return CHANNEL_GROUPS.get(channel, DIGITAL)


@dataclass(frozen=True)
class Sentence:
    positive: bool
    topic: str
    group: str  # "" when it fits every channel
    text: str


def _sentences(positive: bool, topic: str, group: str, *texts: str) -> list[Sentence]:
    return [Sentence(positive, topic, group, text) for text in texts]


ENGLISH: list[Sentence] = [
    *_sentences(
        False,
        "efficiency",
        "",
        "It took far too long to get an answer.",
        "I have been waiting weeks for a decision and have heard nothing.",
        "The whole process took much longer than it should have.",
    ),
    *_sentences(
        False,
        "efficiency",
        "phone",
        "I waited on hold for over an hour before anyone answered.",
        "The call dropped after forty minutes on hold and I had to start over.",
        "I called three days in a row and could never get through.",
    ),
    *_sentences(
        False,
        "efficiency",
        "in_person",
        "I waited almost three hours at the office even with an appointment.",
        "The line was out the door and only two windows were open.",
    ),
    *_sentences(
        False,
        "efficiency",
        "mail",
        "I mailed my forms two months ago and still have no answer.",
        "It takes weeks just to find out that the paperwork arrived.",
    ),
    *_sentences(
        False, "efficiency", "digital", "The page took forever to load and timed out twice."
    ),
    *_sentences(
        False, "efficiency", "chat", "The chat said the wait was 45 minutes and then disconnected."
    ),
    *_sentences(
        False,
        "ease",
        "",
        "The forms are confusing and ask for the same information twice.",
        "It was hard to figure out which form I needed.",
        "The instructions did not match what the form asked for.",
    ),
    *_sentences(
        False,
        "ease",
        "digital",
        "The website kept giving me an error when I uploaded my documents.",
        "I could not reset my password and got locked out of my account.",
        "The site does not work well on my phone.",
        "I lost everything I had typed when the page refreshed.",
    ),
    *_sentences(
        False,
        "ease",
        "phone",
        "The phone menu sent me in circles and never let me talk to a person.",
    ),
    *_sentences(
        False,
        "ease",
        "mail",
        "The paper form was hard to read and there was not enough room to write.",
    ),
    *_sentences(
        False,
        "effectiveness",
        "",
        "My question was never actually answered.",
        "I still do not know whether my application went through.",
        "I was told to call back and nothing was fixed.",
    ),
    *_sentences(
        False,
        "effectiveness",
        "digital",
        "I could not find what I was looking for on the website.",
        "The page was out of date and the link to the form was broken.",
    ),
    *_sentences(False, "effectiveness", "chat", "The chatbot did not understand my question."),
    *_sentences(
        False,
        "transparency",
        "",
        "Nobody could tell me the status of my case.",
        "The letter I received did not explain why I was denied.",
        "I did not understand what documents I was supposed to send.",
        "The rules seem to change depending on who you ask.",
    ),
    *_sentences(
        False,
        "humanity",
        "",
        "I felt like just a number.",
        "I was made to feel like I was trying to cheat the system.",
        "It felt like nobody cared that I was struggling.",
    ),
    *_sentences(
        False,
        "employee",
        "",
        "The person I spoke with was rude and rushed me.",
        "Each person gave me a different answer.",
        "The staff did not seem to know the rules.",
    ),
    *_sentences(
        False,
        "employee",
        "in_person",
        "The clerk at the counter was short with me and barely looked at my paperwork.",
    ),
    *_sentences(
        False,
        "general",
        "",
        "Please fix this.",
        "This needs to be much better.",
        "I hope someone actually reads this.",
        "Very frustrating experience.",
    ),
    *_sentences(
        True,
        "efficiency",
        "",
        "Everything was done faster than I expected.",
        "I got a decision in about two weeks, much sooner than I thought.",
    ),
    *_sentences(
        True,
        "efficiency",
        "phone",
        "I only waited a few minutes on the phone.",
        "The callback option saved me from waiting on hold.",
    ),
    *_sentences(
        True, "efficiency", "in_person", "I was in and out of the office in twenty minutes."
    ),
    *_sentences(True, "efficiency", "digital", "Doing it online took less than ten minutes."),
    *_sentences(True, "efficiency", "mail", "My documents came back quickly by mail."),
    *_sentences(
        True,
        "ease",
        "",
        "The process was simple and clear.",
        "The instructions were easy to follow.",
    ),
    *_sentences(
        True,
        "ease",
        "digital",
        "The new website is much easier to use.",
        "Uploading my documents was easy.",
        "The app made it quick and painless.",
    ),
    *_sentences(
        True,
        "effectiveness",
        "",
        "My issue was resolved on the first try.",
        "I got exactly what I needed.",
        "Everything was taken care of.",
    ),
    *_sentences(True, "effectiveness", "digital", "I found the answer I needed right away."),
    *_sentences(True, "effectiveness", "chat", "The chat answered my question in a few minutes."),
    *_sentences(
        True,
        "transparency",
        "",
        "I always knew what would happen next.",
        "The status updates kept me informed.",
        "They explained clearly which documents I needed.",
    ),
    *_sentences(
        True,
        "humanity",
        "",
        "I was treated with respect.",
        "I felt listened to.",
        "They were kind and understanding about my situation.",
    ),
    *_sentences(
        True,
        "employee",
        "",
        "The staff member was patient and explained everything.",
        "The agent was friendly and knew exactly what to do.",
        "Staff went out of their way to help me.",
    ),
    *_sentences(
        True,
        "employee",
        "phone",
        "The representative on the phone stayed with me until everything was sorted out.",
    ),
    *_sentences(
        True, "employee", "in_person", "The staff at the office were welcoming and helpful."
    ),
    *_sentences(
        True,
        "general",
        "",
        "Thank you!",
        "Keep up the good work.",
        "Great service.",
        "Much better than last time.",
    ),
]

SPANISH: list[Sentence] = [
    *_sentences(
        False,
        "efficiency",
        "",
        "Tardaron demasiado en darme una respuesta.",
        "Llevo semanas esperando una decisión y no sé nada.",
        "Todo el trámite tomó mucho más tiempo de lo debido.",
    ),
    *_sentences(
        False,
        "efficiency",
        "phone",
        "Esperé en la línea más de una hora antes de que alguien contestara.",
        "La llamada se cortó después de cuarenta minutos de espera y tuve que empezar de nuevo.",
        "Llamé tres días seguidos y nunca pude comunicarme.",
    ),
    *_sentences(
        False,
        "efficiency",
        "in_person",
        "Esperé casi tres horas en la oficina aunque tenía cita.",
    ),
    *_sentences(
        False,
        "efficiency",
        "mail",
        "Envié mis formularios por correo hace dos meses y sigo sin respuesta.",
    ),
    *_sentences(
        False, "efficiency", "digital", "La página tardó muchísimo en cargar y se cerró dos veces."
    ),
    *_sentences(
        False, "efficiency", "chat", "El chat decía 45 minutos de espera y luego se desconectó."
    ),
    *_sentences(
        False,
        "ease",
        "",
        "Los formularios son confusos y piden la misma información dos veces.",
        "Fue difícil saber qué formulario necesitaba.",
        "Las instrucciones no coincidían con lo que pedía el formulario.",
    ),
    *_sentences(
        False,
        "ease",
        "digital",
        "El sitio web me daba un error cada vez que subía mis documentos.",
        "No pude restablecer mi contraseña y me bloquearon la cuenta.",
        "La página no funciona bien en mi teléfono.",
        "No encontré la información en español.",
    ),
    *_sentences(
        False,
        "ease",
        "phone",
        "El menú telefónico me daba vueltas y nunca me dejó hablar con una persona.",
    ),
    *_sentences(
        False,
        "effectiveness",
        "",
        "Nunca respondieron mi pregunta.",
        "Todavía no sé si mi solicitud fue recibida.",
        "Me dijeron que volviera a llamar y no resolvieron nada.",
    ),
    *_sentences(
        False,
        "effectiveness",
        "digital",
        "No encontré lo que buscaba en el sitio web.",
    ),
    *_sentences(False, "effectiveness", "chat", "El asistente virtual no entendió mi pregunta."),
    *_sentences(
        False,
        "transparency",
        "",
        "Nadie pudo decirme en qué estado está mi caso.",
        "La carta que recibí no explicaba por qué me negaron la solicitud.",
        "No entendí qué documentos tenía que enviar.",
    ),
    *_sentences(
        False,
        "humanity",
        "",
        "Me sentí como un número más.",
        "Sentí que a nadie le importaba mi situación.",
    ),
    *_sentences(
        False,
        "employee",
        "",
        "La persona que me atendió fue grosera y me apuró.",
        "Cada persona me dio una respuesta diferente.",
        "No había nadie que hablara español.",
    ),
    *_sentences(
        False,
        "general",
        "",
        "Por favor, arreglen esto.",
        "Esto tiene que mejorar mucho.",
        "Una experiencia muy frustrante.",
    ),
    *_sentences(
        True,
        "efficiency",
        "",
        "Todo fue más rápido de lo que esperaba.",
        "Recibí una decisión mucho antes de lo que pensaba.",
    ),
    *_sentences(
        True,
        "efficiency",
        "phone",
        "Solo esperé unos minutos en el teléfono.",
        "La opción de devolución de llamada me ahorró la espera.",
    ),
    *_sentences(True, "efficiency", "digital", "Hacerlo en línea me tomó menos de diez minutos."),
    *_sentences(
        True,
        "ease",
        "",
        "El proceso fue sencillo y claro.",
        "Las instrucciones eran fáciles de seguir.",
    ),
    *_sentences(
        True,
        "ease",
        "digital",
        "El nuevo sitio web es mucho más fácil de usar.",
        "Fue fácil subir mis documentos.",
    ),
    *_sentences(
        True,
        "effectiveness",
        "",
        "Resolvieron mi problema al primer intento.",
        "Obtuve exactamente lo que necesitaba.",
    ),
    *_sentences(True, "effectiveness", "digital", "Encontré la respuesta enseguida."),
    *_sentences(
        True,
        "transparency",
        "",
        "Siempre supe cuál era el siguiente paso.",
        "Me explicaron claramente qué documentos necesitaba.",
    ),
    *_sentences(
        True,
        "humanity",
        "",
        "Me trataron con respeto.",
        "Fueron amables y comprensivos con mi situación.",
    ),
    *_sentences(
        True,
        "employee",
        "",
        "La empleada fue muy paciente y me explicó todo.",
        "El agente fue amable y sabía exactamente qué hacer.",
        "Me atendieron en español sin ningún problema.",
    ),
    *_sentences(
        True,
        "general",
        "",
        "¡Muchas gracias!",
        "Sigan así.",
        "Excelente servicio.",
    ),
]

# What people write beside a driver they chose as "something else".
OTHER_WRITE_INS: dict[tuple[str, bool], tuple[str, ...]] = {
    ("en", True): (
        "The reminder text message was helpful.",
        "Parking was easy.",
        "The office was clean and quiet.",
    ),
    ("en", False): (
        "The office is far from any bus line.",
        "The building was hard to find.",
        "The fees are too high.",
    ),
    ("es", True): ("El recordatorio por mensaje de texto fue útil.", "Fue fácil estacionar."),
    ("es", False): ("La oficina queda lejos del autobús.", "Las tarifas son muy altas."),
}

# Spam that slips past the form's defences; it is stored, marked as spam.
SPAM_COMMENTS: tuple[str, ...] = (
    "Best prices on watches!!! visit www.cheap-watch-deals.example today",
    "Earn money from home, see work-from-home.example",
    "asdf asdf asdf",
    "CLICK HERE FOR FREE CREDITS free-credits.example",
)


class CommentWriter:
    """Writes comments in English or Spanish about a topic, fitting the channel."""

    def __init__(self) -> None:
        self._pools: dict[tuple[str, bool, str, str], tuple[str, ...]] = {}
        for language, sentences in (("en", ENGLISH), ("es", SPANISH)):
            self._index(language, sentences)

    def _index(self, language: str, sentences: Iterable[Sentence]) -> None:
        sentences = list(sentences)
        groups = {*CHANNEL_GROUPS.values(), DIGITAL}
        for positive in (True, False):
            for topic in TOPICS:
                about = [s for s in sentences if s.positive == positive and s.topic == topic]
                for group in groups:
                    fitting = tuple(s.text for s in about if s.group in ("", group))
                    # A topic with nothing for this channel borrows the general sentences.
                    self._pools[(language, positive, topic, group)] = fitting or tuple(
                        s.text
                        for s in sentences
                        if s.positive == positive and s.topic == "general" and not s.group
                    )

    def write(
        self, rng: random.Random, *, language: str, positive: bool, topic: str, channel: str
    ) -> str:
        group = channel_group(channel)
        first = rng.choice(self._pools[(language, positive, topic, group)])
        if rng.random() >= SECOND_SENTENCE_RATE:
            return first
        other_topic = rng.choice(TOPICS)
        second = rng.choice(self._pools[(language, positive, other_topic, group)])
        return first if second == first else f"{first} {second}"

    @staticmethod
    def write_in(rng: random.Random, *, language: str, positive: bool) -> str:
        return rng.choice(OTHER_WRITE_INS[(language, positive)])

    @staticmethod
    def spam(rng: random.Random) -> str:
        return rng.choice(SPAM_COMMENTS)
