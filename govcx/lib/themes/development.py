"""A synthetic, labelled development corpus for tuning themes, written for this purpose.

Real labelled feedback is kept for evaluation only, so the thresholds and weights of discovery
and assignment are tuned on this corpus instead (see `calibration.py`). It mimics comments on a
public service: twelve topics, each with English and Spanish phrasings; comments of one to
four sentences that mix the topic's phrases with sentences any comment might carry ("Thank
you.", "Very frustrating."), sometimes mention a second topic, and sometimes are about nothing
at all (label None) or are empty after redaction. With `long=True` a comment about a topic
becomes a story of 8 to 22 sentences, most of them about what happened around it.

`generate(n, seed)` is deterministic for a seed. Different seeds give different comments from
the same phrase pools, so a corpus for tuning and one for checking should also differ in
`variant`: variant 0 and 1 draw from disjoint halves of every phrase pool.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# topic → (English phrases, Spanish phrases). Each phrase is a sentence or a clause.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "phone_wait": (
        (
            "I was on hold for {hours} hours before anyone picked up the phone",
            "the phone line kept me waiting on hold forever",
            "nobody answers the phone and the call drops after an hour on hold",
            "the hold music played for {minutes} minutes and then the call was disconnected",
            "I called {count} times and waited on the line every time",
            "the wait time on the phone is unacceptable",
            "after waiting on hold they hung up on me",
            "your phone wait times are far too long",
        ),
        (
            "espere {hours} horas en el telefono y nadie contesto",
            "la llamada se corto despues de una hora de espera",
            "llame {count} veces y siempre me dejaron esperando en la linea",
            "el tiempo de espera por telefono es demasiado largo",
            "nadie contesta el telefono y la espera es eterna",
            "me colgaron despues de esperar mucho en la linea",
        ),
    ),
    "refund_check": (
        (
            "my refund check never arrived in the mail",
            "the refund was mailed {weeks} weeks ago and I still have no check",
            "I am still waiting for my refund check",
            "the check was lost in the mail and nobody can reissue it",
            "they said the refund check was sent but it never came",
            "I need a replacement check because the first refund check was lost",
            "where is my refund, the check has not been delivered",
            "my tax refund check went to an old address",
        ),
        (
            "mi cheque de reembolso nunca llego por correo",
            "el reembolso fue enviado hace {weeks} semanas y no tengo el cheque",
            "sigo esperando mi cheque de reembolso",
            "el cheque se perdio en el correo",
            "necesito un cheque nuevo porque el reembolso se perdio",
            "dijeron que enviaron el cheque pero nunca llego",
        ),
    ),
    "website_login": (
        (
            "I cannot log in to the website, it says my password is wrong",
            "the login page shows an error every time I try to sign in",
            "my account got locked after the password reset",
            "the password reset email never arrives so I cannot log in",
            "the website keeps logging me out and showing an error",
            "the sign in page crashes with an error message",
            "two factor login code never works on the website",
            "I reset my password three times and still cannot access my account online",
        ),
        (
            "no puedo iniciar sesion en la pagina, dice que la contrasena es incorrecta",
            "la pagina web muestra un error cada vez que intento entrar",
            "mi cuenta quedo bloqueada despues de cambiar la contrasena",
            "el codigo de verificacion nunca llega y no puedo entrar a mi cuenta",
            "el sitio web me saca de la sesion y da error",
            "cambie la contrasena varias veces y sigo sin acceso a la cuenta",
        ),
    ),
    "appointment": (
        (
            "there are no appointments available for the next {weeks} weeks",
            "I could not schedule an appointment online",
            "my appointment was cancelled without notice",
            "the appointment system only offers dates months away",
            "I showed up for my appointment and they had no record of it",
            "rescheduling an appointment is nearly impossible",
            "the earliest appointment slot is in {months} months",
            "please add more appointment times in the evening",
        ),
        (
            "no hay citas disponibles en las proximas {weeks} semanas",
            "no pude hacer una cita por internet",
            "cancelaron mi cita sin avisarme",
            "la primera cita disponible es en {months} meses",
            "llegue a mi cita y no tenian registro",
            "cambiar la cita es casi imposible",
        ),
    ),
    "staff_courtesy": (
        (
            "the agent was rude and dismissive",
            "the representative was very kind and patient with me",
            "the staff member at the counter was helpful and friendly",
            "the employee yelled at me and refused to help",
            "the supervisor treated me with respect",
            "the officer was courteous and explained everything",
            "the woman at the desk was unprofessional and rude",
            "the agent went above and beyond to help me",
        ),
        (
            "el agente fue grosero conmigo",
            "la representante fue muy amable y paciente",
            "el empleado de la ventanilla fue muy amable",
            "la empleada me grito y no quiso ayudar",
            "el supervisor me trato con respeto",
            "el personal fue muy amable y me explico todo",
        ),
    ),
    "forms_confusing": (
        (
            "the form is confusing and the instructions are unclear",
            "I did not understand which documents the form requires",
            "the application form asks the same question three times",
            "the instructions for the form contradict each other",
            "the form is too long and the questions are confusing",
            "nobody could explain how to fill out the form",
            "the paperwork requirements are not clear on the form",
            "the form does not say which supporting documents to attach",
        ),
        (
            "el formulario es confuso y las instrucciones no son claras",
            "no entendi que documentos pide el formulario",
            "el formulario es muy largo y las preguntas son confusas",
            "nadie pudo explicar como llenar el formulario",
            "las instrucciones del formulario se contradicen",
            "el formulario no dice que documentos hay que adjuntar",
        ),
    ),
    "processing_delay": (
        (
            "my application has been pending for {months} months",
            "the processing time is much longer than promised",
            "my case status has not changed in {months} months",
            "the application is still under review after a year",
            "processing my claim is taking forever",
            "nobody can tell me why my application is delayed",
            "the status page says in process for months",
            "the backlog means my case is stuck",
        ),
        (
            "mi solicitud lleva {months} meses pendiente",
            "el tramite tarda mucho mas de lo prometido",
            "el estado de mi caso no ha cambiado en {months} meses",
            "mi solicitud sigue en revision despues de un ano",
            "nadie me dice por que se retrasa mi solicitud",
            "mi caso esta detenido por el retraso",
        ),
    ),
    "fees_payments": (
        (
            "I was charged the fee twice",
            "the online payment failed but my card was still charged",
            "the late fee was applied even though I paid on time",
            "the payment portal does not accept my credit card",
            "I was charged a fee I was never told about",
            "my payment was not credited to my account",
            "the processing fee is too high",
            "I need a refund of the duplicate payment",
        ),
        (
            "me cobraron la tarifa dos veces",
            "el pago por internet fallo pero cobraron mi tarjeta",
            "me cobraron un cargo por pago tarde aunque pague a tiempo",
            "el portal de pagos no acepta mi tarjeta de credito",
            "mi pago no fue acreditado a mi cuenta",
            "la comision es demasiado alta",
        ),
    ),
    "identity_verification": (
        (
            "the identity verification keeps rejecting my photo ID",
            "I could not verify my identity online",
            "the selfie check failed {count} times",
            "uploading my driver license for verification does not work",
            "identity verification locked me out",
            "the video call to verify my identity never connected",
            "the ID verification says my documents do not match",
            "verifying identity online is impossible without a smartphone",
        ),
        (
            "la verificacion de identidad rechaza mi identificacion",
            "no pude verificar mi identidad en linea",
            "la foto para verificar la identidad fallo {count} veces",
            "subir mi licencia para la verificacion no funciona",
            "la verificacion de identidad dice que mis documentos no coinciden",
            "verificar la identidad es imposible sin telefono inteligente",
        ),
    ),
    "office_visit": (
        (
            "the line outside the office was around the block",
            "the field office closes too early",
            "I waited {hours} hours in the lobby to be seen",
            "the office was crowded and there was nowhere to sit",
            "parking at the office is impossible",
            "the office hours posted online were wrong and it was closed",
            "there was only one window open at the office",
            "the office needs more staff at the counters",
        ),
        (
            "la fila afuera de la oficina era enorme",
            "la oficina cierra muy temprano",
            "espere {hours} horas en la sala de la oficina",
            "la oficina estaba llena y no habia donde sentarse",
            "el horario de la oficina en internet estaba mal y estaba cerrada",
            "solo habia una ventanilla abierta en la oficina",
        ),
    ),
    "address_change": (
        (
            "I updated my address but letters still go to the old one",
            "changing my mailing address online did not work",
            "my name change was never recorded",
            "the address on file is wrong even after I corrected it",
            "I reported a new address {count} times",
            "they keep sending notices to my previous address",
            "updating my contact information is far too hard",
            "the change of address form was ignored",
        ),
        (
            "cambie mi direccion pero las cartas siguen llegando a la anterior",
            "cambiar mi direccion en linea no funciono",
            "mi cambio de nombre nunca fue registrado",
            "la direccion registrada sigue mal aunque la corregi",
            "siguen enviando avisos a mi direccion anterior",
            "actualizar mis datos de contacto es muy dificil",
        ),
    ),
    "benefit_amount": (
        (
            "my monthly benefit amount was reduced without explanation",
            "they say I was overpaid and now want the money back",
            "my benefit payments stopped suddenly",
            "the benefit amount is wrong and nobody will correct it",
            "I received a letter about an overpayment I do not understand",
            "my benefits were cut off after the review",
            "the cost of living increase was not applied to my benefit",
            "my disability benefit payment is late again",
        ),
        (
            "redujeron mi beneficio mensual sin explicacion",
            "dicen que me pagaron de mas y quieren el dinero de vuelta",
            "mis pagos de beneficios se detuvieron de repente",
            "el monto del beneficio esta mal y nadie lo corrige",
            "recibi una carta sobre un sobrepago que no entiendo",
            "cortaron mis beneficios despues de la revision",
        ),
    ),
}

# Sentences any comment may carry; they belong to no topic.
GENERIC = (
    (
        "Thank you.",
        "Very frustrating.",
        "This is unacceptable.",
        "Please fix this.",
        "Overall a good experience.",
        "I have been a customer for years.",
        "Do better.",
        "I appreciate the help.",
        "This was my second attempt.",
        "Terrible experience overall.",
        "Great job.",
        "I am disappointed.",
    ),
    (
        "Gracias.",
        "Muy frustrante.",
        "Esto es inaceptable.",
        "Por favor arreglen esto.",
        "En general una buena experiencia.",
        "Estoy decepcionado.",
        "Fue mi segundo intento.",
        "Excelente trabajo.",
    ),
)

# Comments about nothing a theme could hold: chatter, and praise or blame with no subject.
UNRELATED = (
    (
        "The weather was nice when I went out.",
        "My cat likes to sleep on the keyboard.",
        "Go team, great game last night.",
        "I am testing this box.",
        "Nothing else to add.",
        "N/A",
        "no comment",
        "The coffee shop across the street is excellent.",
        "Everything was great, thank you so much!",
        "Very satisfied with the service.",
        "Good.",
        "Excellent service, fast and easy.",
        "Worst experience ever.",
        "Keep up the good work.",
        "I have no complaints at all.",
        "Not sure why I am being asked this.",
        "It was fine I guess.",
        "Please read my comments above.",
        "Five stars.",
        "You guys are awesome.",
    ),
    (
        "Hacia buen tiempo cuando sali.",
        "Mi gato duerme en el teclado.",
        "Nada mas que decir.",
        "Sin comentarios.",
        "Todo excelente, muchas gracias.",
        "Muy satisfecho con el servicio.",
        "Bien.",
        "Excelente servicio, rapido y facil.",
        "La peor experiencia.",
        "Sigan asi.",
        "No tengo quejas.",
        "Cinco estrellas.",
    ),
)

# Sentences of the story around a complaint, for long comments (the CFPB's narratives run to
# hundreds of words, most of them the story rather than the topic).
NARRATIVE = (
    (
        "I contacted them again last week.",
        "They told me someone would get back to me.",
        "I explained my situation from the beginning.",
        "Nobody followed up as promised.",
        "I have all the paperwork to prove it.",
        "This has been going on since last spring.",
        "My family depends on this.",
        "I was transferred to another department.",
        "They gave me a reference number.",
        "I asked to speak with a manager.",
        "I sent a letter explaining everything.",
        "I am a senior citizen on a fixed income.",
        "The first person I spoke with was not sure what to do.",
        "I followed every instruction they gave me.",
        "I filed a complaint but heard nothing back.",
        "It has caused me a lot of stress.",
    ),
    (
        "Me comunique con ellos otra vez la semana pasada.",
        "Me dijeron que alguien me contactaria.",
        "Explique mi situacion desde el principio.",
        "Nadie dio seguimiento como prometieron.",
        "Tengo todos los papeles para probarlo.",
        "Esto lleva pasando desde la primavera.",
        "Mi familia depende de esto.",
        "Me transfirieron a otro departamento.",
        "Pedi hablar con un gerente.",
        "Presente una queja pero no supe nada.",
        "Me ha causado mucho estres.",
    ),
)

EMPTY_AFTER_REDACTION = ("[NAME]", "[PHONE] [EMAIL]", "", "   ", "[CLAIM_NUMBER]")

SPANISH_SHARE = 0.3
UNRELATED_SHARE = 0.06
EMPTY_SHARE = 0.02
SECOND_TOPIC_SHARE = 0.15
GENERIC_SHARE = 0.5


@dataclass(frozen=True)
class Comment:
    text: str
    topic: str | None  # None: about no topic (unrelated or empty)
    language: str  # "en" or "es"


def generate(
    n: int,
    *,
    seed: int = 0,
    variant: int | None = None,
    topics: tuple[str, ...] = (),
    long: bool = False,
) -> list[Comment]:
    """`n` comments drawn with `seed`; `variant` 0 or 1 keeps to one half of each phrase pool.

    With `long`, each comment about a topic is a story of 8 to 22 sentences, 3 to 6 of them
    about the topic, the rest `NARRATIVE`.
    """
    rng = random.Random(seed)  # noqa: S311 (a reproducible corpus, not a secret)
    chosen_topics = topics or tuple(TOPICS)
    comments = [_comment(rng, chosen_topics, variant) for _ in range(n)]
    if long:
        comments = [_lengthen(rng, comment, variant) for comment in comments]
    return comments


def _comment(rng: random.Random, topics: tuple[str, ...], variant: int | None) -> Comment:
    language = "es" if rng.random() < SPANISH_SHARE else "en"
    side = 1 if language == "es" else 0
    draw = rng.random()
    if draw < EMPTY_SHARE:
        return Comment(rng.choice(EMPTY_AFTER_REDACTION), None, language)
    if draw < EMPTY_SHARE + UNRELATED_SHARE:
        return Comment(rng.choice(UNRELATED[side]), None, language)
    topic = rng.choice(topics)
    sentences = rng.sample(_pool(TOPICS[topic][side], variant), rng.choice((1, 1, 2, 2, 3)))
    if rng.random() < SECOND_TOPIC_SHARE:
        other = rng.choice([t for t in topics if t != topic] or [topic])
        sentences.append(rng.choice(_pool(TOPICS[other][side], variant)))
    if rng.random() < GENERIC_SHARE:
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(GENERIC[side]))
    return Comment(" ".join(_fill(rng, s) for s in sentences), topic, language)


def _lengthen(rng: random.Random, comment: Comment, variant: int | None) -> Comment:
    if comment.topic is None:
        return comment
    side = 1 if comment.language == "es" else 0
    pool = _pool(TOPICS[comment.topic][side], variant)
    topical = [_fill(rng, rng.choice(pool)) for _ in range(rng.randint(2, 5))]
    story = [rng.choice(NARRATIVE[side]) for _ in range(rng.randint(5, 16))]
    sentences = [comment.text, *topical, *story]
    rng.shuffle(sentences)
    return Comment(" ".join(sentences), comment.topic, comment.language)


def _pool(phrases: tuple[str, ...], variant: int | None) -> tuple[str, ...]:
    if variant is None:
        return phrases
    return phrases[variant::2]


def _fill(rng: random.Random, sentence: str) -> str:
    filled = sentence.format(
        hours=rng.randint(2, 6),
        minutes=rng.randint(20, 90),
        weeks=rng.randint(2, 12),
        months=rng.randint(2, 9),
        count=rng.randint(3, 12),
    )
    filled = filled[0].upper() + filled[1:]
    return filled if filled.endswith(".") else filled + "."
