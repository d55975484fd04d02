"""Word lists for reading comments: stop words in English and Spanish, and a Spanish glossary.

Every entry is written as `text.py` sees a word: lower case, accents folded ("contraseña" →
"contrasena"), apostrophes removed ("don't" → "dont").

The glossary maps common Spanish customer-service words to an English equivalent, so that a
Spanish comment about waiting on the phone shares its terms with an English one, an
organization can define its themes once in English, and a discovered theme is not split by
language. It covers the vocabulary of contacts with a public service (calls, offices, forms,
payments, benefits, documents, websites), not general Spanish; a word it lacks stays Spanish
and still counts, only without its English twin.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
    ENGLISH_STOP_WORDS,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# scikit-learn's list treats these as stop words; in comments about public services they carry
# the topic ("on hold for an hour before the call", "my bill", "interest charged", "the system
# was down", "fill in the form", "the front desk", "the amount", "name change").
_ENGLISH_CONTENT_WORDS = frozenset(
    {"call", "bill", "interest", "system", "fire", "fill", "front", "amount", "detail", "name"}
)

# Words of speech and of complaint in general that say nothing about what a comment is about.
_ENGLISH_EXTRA = _words(
    """
    just really did does doing dont didnt doesnt isnt wasnt werent arent wont cant couldnt
    wouldnt shouldnt havent hasnt hadnt im ive id ill youre youve theyre theyve thats
    whats theres heres lets got gets getting going goes went let lot lots thing things way
    ok okay yes oh able sure said say says make makes making know knew think thought want
    wanted need needed try tried trying like use used using come came actually basically
    still ever every today yesterday also hi hello dear sir madam regards thanks thank
    thankyou pls plz lol amp rt via
    """
)

# Pure judgements: how good something was is sentiment's business (govcx.lib.sentiment); a
# theme is what it was about. Words that judge a particular thing ("rude", "slow",
# "confusing") stay, because they name the problem.
_EVALUATIVE = _words(
    """
    good great excellent bad terrible awful horrible worst best better worse nice amazing
    awesome poor fantastic wonderful perfect fine happy unhappy satisfied dissatisfied
    experience overall disappointed disappointing pleased glad love hate appreciate
    """
)

ENGLISH_STOP_WORDS_FOLDED = (
    (frozenset(ENGLISH_STOP_WORDS) - _ENGLISH_CONTENT_WORDS) | _ENGLISH_EXTRA | _EVALUATIVE
)

SPANISH_STOP_WORDS = _words(
    """
    a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque bajo bien
    cada casi como con contra cual cuales cualquier cuando cuanto de del desde donde dos e
    el ella ellas ello ellos en entre era eran eres es esa esas ese eso esos esta estaba
    estaban estado estamos estan estar estas este esto estos estoy fue fueron fui ha habia
    habian haber han has hasta hay he hemos hizo hace hacen hacer hago la las le les lo
    los mas me mi mis mucho muchos muy nada ni no nos nosotros nuestra nuestro o os otra
    otras otro otros para pero poco por porque pues que quien quienes se sea ser si sido
    siempre sin sobre solo son soy su sus tal tambien tan tanto te tenemos tener tengo
    tenia ti tiene tienen todo todos tu tus un una unas uno unos usted ustedes vez y ya yo
    aca alla ahi ademas entonces luego mientras despues durante segun tras hacia dijo
    dijeron decir dice dicen puedo puede pueden podia pude pudo quiero quiere querer favor
    gracias hola buenos buenas dias senor senora estimado saludos vale bueno pues mio mia
    tuyo suyo suya nuestros nuestras vuestro cosa cosas buen buena gran muchas peor mejor
    experiencia genial perfecto satisfecho satisfecha contento contenta veces
    """
)

STOP_WORDS = ENGLISH_STOP_WORDS_FOLDED | SPANISH_STOP_WORDS

# Spanish (folded) → English. Plurals and frequent verb forms are listed where the plural rule
# in `text.py` would not reach them ("errores", "llame").
SPANISH_GLOSSARY: dict[str, str] = {
    # waiting, calling, the phone
    "espera": "wait",
    "esperar": "wait",
    "espere": "wait",
    "esperando": "wait",
    "esperamos": "wait",
    "espero": "wait",
    "llamada": "call",
    "llamar": "call",
    "llame": "call",
    "llamo": "call",
    "llamando": "call",
    "llamamos": "call",
    "telefono": "phone",
    "telefonos": "phone",
    "linea": "line",
    "fila": "line",
    "cola": "line",
    "hora": "hour",
    "minuto": "minute",
    "semana": "week",
    "mes": "month",
    "meses": "month",
    "ano": "year",
    "anos": "year",
    "tiempo": "time",
    "tarde": "late",
    "retraso": "delay",
    "demora": "delay",
    "lento": "slow",
    "lenta": "slow",
    "rapido": "fast",
    "rapida": "fast",
    "colgaron": "hung",
    "colgo": "hung",
    "contestan": "answer",
    "contestaron": "answer",
    "contesto": "answer",
    "contestar": "answer",
    "respuesta": "answer",
    "responder": "answer",
    "respondio": "answer",
    "respondieron": "answer",
    "mensaje": "message",
    "correo": "email",
    "electronico": "email",
    # people and places
    "oficina": "office",
    "cita": "appointment",
    "empleado": "employee",
    "empleada": "employee",
    "agente": "agent",
    "representante": "representative",
    "atencion": "service",
    "servicio": "service",
    "cliente": "customer",
    "ayuda": "help",
    "ayudar": "help",
    "ayudo": "help",
    "ayudaron": "help",
    "amable": "kind",
    "amables": "kind",
    "grosero": "rude",
    "grosera": "rude",
    "groseros": "rude",
    "maleducado": "rude",
    "trato": "treatment",
    "supervisor": "supervisor",
    # documents, forms, applications
    "formulario": "form",
    "solicitud": "application",
    "solicitudes": "application",
    "solicitar": "apply",
    "solicite": "apply",
    "documento": "document",
    "documentos": "document",
    "carta": "letter",
    "aviso": "notice",
    "tramite": "process",
    "proceso": "process",
    "requisito": "requirement",
    "instrucciones": "instruction",
    "instruccion": "instruction",
    "identidad": "identity",
    "identificacion": "identification",
    "verificar": "verify",
    "disponible": "available",
    "disponibles": "available",
    "anterior": "previous",
    "firma": "signature",
    "pasaporte": "passport",
    "licencia": "license",
    "tarjeta": "card",
    "reclamo": "claim",
    "reclamacion": "claim",
    "queja": "complaint",
    "caso": "case",
    "expediente": "file",
    "archivo": "file",
    "beneficio": "benefit",
    "prestacion": "benefit",
    "impuesto": "tax",
    "declaracion": "return",
    "numero": "number",
    "cuenta": "account",
    "informacion": "information",
    "pregunta": "question",
    "dato": "data",
    # money
    "pago": "payment",
    "pagar": "pay",
    "pague": "pay",
    "pagado": "paid",
    "reembolso": "refund",
    "devolucion": "refund",
    "cheque": "check",
    "dinero": "money",
    "cobro": "charge",
    "cobraron": "charge",
    "cargo": "charge",
    "tarifa": "fee",
    "comision": "fee",
    "costo": "cost",
    "precio": "price",
    "deuda": "debt",
    "prestamo": "loan",
    "credito": "credit",
    "interes": "interest",
    "intereses": "interest",
    "banco": "bank",
    "deposito": "deposit",
    "factura": "bill",
    "saldo": "balance",
    # mail and delivery
    "correspondencia": "mail",
    "postal": "mail",
    "enviaron": "sent",
    "enviado": "sent",
    "envio": "sent",
    "enviar": "send",
    "recibi": "received",
    "recibido": "received",
    "recibir": "receive",
    "llego": "arrived",
    "llegado": "arrived",
    "perdido": "lost",
    "perdida": "lost",
    "perdieron": "lost",
    "perdio": "lost",
    "extraviado": "lost",
    "direccion": "address",
    "domicilio": "address",
    "entrega": "delivery",
    # the website and the app
    "pagina": "page",
    "sitio": "site",
    "web": "website",
    "internet": "online",
    "aplicacion": "app",
    "contrasena": "password",
    "clave": "password",
    "usuario": "username",
    "sesion": "login",
    "ingresar": "login",
    "entrar": "login",
    "acceder": "access",
    "acceso": "access",
    "error": "error",
    "errores": "error",
    "falla": "error",
    "fallo": "error",
    "pantalla": "screen",
    "boton": "button",
    "enlace": "link",
    "descargar": "download",
    "subir": "upload",
    "codigo": "code",
    "verificacion": "verification",
    "bloqueada": "locked",
    "bloqueado": "locked",
    "funciona": "work",
    "funcionaba": "work",
    "funcionar": "work",
    "sistema": "system",
    "caido": "down",
    # judgements
    "facil": "easy",
    "dificil": "difficult",
    "complicado": "complicated",
    "confuso": "confusing",
    "confusa": "confusing",
    "claro": "clear",
    "clara": "clear",
    "problema": "problem",
    "problemas": "problem",
    "resolver": "resolve",
    "resolvieron": "resolve",
    "resuelto": "resolved",
    "nunca": "never",
    "excelente": "excellent",
    "pesimo": "terrible",
    "terrible": "terrible",
    "horrible": "terrible",
    "malo": "bad",
    "mala": "bad",
    "rapidez": "fast",
    "eficiente": "efficient",
    "cancelado": "cancelled",
    "cancelaron": "cancelled",
    "cancelar": "cancel",
    "vuelo": "flight",
    "equipaje": "luggage",
    "maleta": "bag",
    "retrasado": "delayed",
}
