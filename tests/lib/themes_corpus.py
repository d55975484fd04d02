"""A small hand-written corpus for the theme tests: three clear topics, English and Spanish.

Thirty comments per topic (twenty English, ten Spanish), written for these tests and used
nowhere else, plus comments that carry nothing a theme could hold once redacted.
"""

from __future__ import annotations

PHONE_WAITS = (
    "I was on hold for two hours and nobody ever answered the phone.",
    "The phone line kept me waiting on hold forever.",
    "Waited on hold 90 minutes, then the call dropped.",
    "Nobody picks up the phone, I called five times.",
    "The hold time on your phone line is ridiculous.",
    "I spent my whole lunch break on hold waiting for an agent to answer.",
    "After an hour on hold the call was disconnected.",
    "Calling the hotline means waiting on hold for hours.",
    "The phone queue said 45 minutes and it was closer to two hours on hold.",
    "I called three days in a row and waited on hold each time.",
    "Why does every call mean waiting on hold for an hour?",
    "The automated phone system kept me on hold then hung up.",
    "Too long on hold. I gave up after an hour waiting on the phone.",
    "Hold music for 70 minutes before a person answered the call.",
    "I could not get through on the phone, the wait on hold was endless.",
    "Waiting on hold all morning to ask one question by phone.",
    "The call center put me on hold twice for thirty minutes.",
    "Phone wait times are far too long, I was on hold for ages.",
    "My call was answered only after two hours on hold.",
    "I waited on the phone line so long my battery died.",
    "Esperé dos horas al teléfono y nadie contestó la llamada.",
    "La llamada se cortó después de una hora de espera en la línea.",
    "Llamé cinco veces y siempre me dejaron esperando en el teléfono.",
    "El tiempo de espera por teléfono es demasiado largo.",
    "Nadie contesta el teléfono, la espera es eterna.",
    "Me colgaron después de esperar una hora en la línea.",
    "Estuve esperando en el teléfono toda la mañana.",
    "La espera en la línea telefónica fue de noventa minutos.",
    "Cada llamada significa esperar horas al teléfono.",
    "Esperé en la línea y la llamada se cortó otra vez.",
)

REFUND_CHECKS = (
    "My refund check never arrived in the mail.",
    "The refund check was mailed six weeks ago and I still have nothing.",
    "I am still waiting for my tax refund check.",
    "The check was lost in the mail and nobody will reissue it.",
    "They said the refund check was sent but it never came.",
    "I need a replacement check because the refund check was lost.",
    "Where is my refund? The check has not been delivered.",
    "My refund check went to my old address.",
    "The refund check came torn and the bank would not cash it.",
    "Two months and no refund check in my mailbox.",
    "I was told the check was mailed, but the refund never showed up.",
    "Please send my refund check again, the first one was lost.",
    "My refund check is missing and the tracking shows nothing.",
    "I received a letter saying my refund check was issued, yet no check.",
    "The replacement refund check also got lost in the mail.",
    "Still no refund check after filing in February.",
    "I want my refund by direct deposit since the mailed check was lost.",
    "The refund check had the wrong amount on it.",
    "Lost refund check, nobody can tell me where it is.",
    "My neighbor got my refund check in her mail.",
    "Mi cheque de reembolso nunca llegó por correo.",
    "El reembolso fue enviado hace seis semanas y no tengo el cheque.",
    "Sigo esperando mi cheque de reembolso.",
    "El cheque se perdió en el correo y nadie lo repone.",
    "Necesito un cheque nuevo porque el reembolso se perdió.",
    "Dijeron que enviaron el cheque del reembolso pero nunca llegó.",
    "El cheque de reembolso llegó a mi dirección anterior.",
    "Dos meses y el cheque del reembolso no aparece.",
    "Mi reembolso se perdió en el correo, quiero el cheque.",
    "El cheque de reembolso tenía el monto equivocado.",
)

WEBSITE_LOGIN = (
    "I cannot log in to the website, it says my password is wrong.",
    "The login page shows an error every time I try to sign in.",
    "My account got locked after the password reset.",
    "The password reset email never arrives so I cannot log in.",
    "The website keeps logging me out with an error.",
    "The sign in page crashes with an error message.",
    "The login code never works on the website.",
    "I reset my password three times and still cannot log in to my account.",
    "Login error 500 on the website all weekend.",
    "The site says my username and password do not match.",
    "I get an error on the login page after entering my password.",
    "Your website locked my account and the reset link gives an error.",
    "Cannot sign in, the website shows a blank page after login.",
    "The password rules on the website are impossible and login fails.",
    "I tried to log in on my phone and the website gave an error.",
    "The account login keeps rejecting my correct password.",
    "After the website update my login stopped working.",
    "Every login attempt ends with a session error on the website.",
    "Locked out of my online account, the password reset is broken.",
    "The website login times out before I can type the password.",
    "No puedo iniciar sesión en la página, dice que la contraseña es incorrecta.",
    "La página web muestra un error cada vez que intento entrar.",
    "Mi cuenta quedó bloqueada después de cambiar la contraseña.",
    "El código de verificación nunca llega y no puedo entrar a mi cuenta.",
    "El sitio web me saca de la sesión y da error.",
    "Cambié la contraseña varias veces y sigo sin poder entrar a la cuenta.",
    "La página de inicio de sesión da error con mi contraseña.",
    "El sitio web bloqueó mi cuenta por la contraseña.",
    "No puedo entrar a mi cuenta en la página web, sale un error.",
    "La contraseña nueva no funciona en el sitio web.",
)

TOPICS = {"phone": PHONE_WAITS, "refund": REFUND_CHECKS, "login": WEBSITE_LOGIN}

# Nothing left to read once redacted, or nothing at all.
EMPTY = ("", "   ", "[NAME]", "[PHONE] [EMAIL]", "[CLAIM_NUMBER] XXXX", "!!!", "ok")


def corpus() -> tuple[list[str], list[str]]:
    """The three topics interleaved (so that order says nothing), with their labels."""
    texts, labels = [], []
    for i in range(30):
        for label, comments in TOPICS.items():
            texts.append(comments[i])
            labels.append(label)
    return texts, labels
