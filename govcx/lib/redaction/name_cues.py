"""Words that announce a person's name, as phrases of folded words looked up token by token.

Looking phrases up in a dict keyed by their first word costs one lookup per word of the text,
where a regular expression of all of them would be tried at every character.

Strength says what may follow:
- NAMING ("my name is", "Mr.", "me llamo"): any capitalised word, or a listed name in lowercase;
- STRONG ("Officer", "Judge", "Agent"): any capitalised word;
- CAPITALISED ("the supervisor", "my son", "mi hija"): any capitalised word;
- WEAK ("thanks", "hablé con", "hi"): a capitalised word that is in the name lists;
- GENERIC ("with", "from", "con"): a capitalised listed name that is not also a word.
"""

from __future__ import annotations

GENERIC = -1
WEAK = 0
CAPITALISED = 1
STRONG = 2
NAMING = 3

_NAMING_PHRASES = """
my name is | my name | name is | named | me llamo | mi nombre es | se llama | se llamaba |
llamado | llamada | de nombre | signed | firmado | mr | mrs | ms | miss | mx | dr | dra | sr |
sra | srta | mister | senor | senora | senorita | dona
"""
_STRONG_PHRASES = """
prof | sir | madam | lic | licenciado | licenciada | ing | judge | justice | senator |
congressman | congresswoman | congressperson | rep | sgt | sergeant | capt | captain | lt |
lieutenant | detective | officer | agent | deputy | ranger | trooper | nurse | doctor |
doctora | pastor | father | reverend | rev | agente | oficial | enfermera | enfermero |
ingeniero | ingeniera | profesor | profesora | maestra | maestro
"""
_ROLE_PHRASES = """
representative | specialist | counselor | counsellor | caseworker | case worker |
case manager | supervisor | manager | clerk | advisor | adviser | examiner | adjudicator |
interviewer | employee | staff member | worker | navigator | interpreter | translator |
coordinator | director | lady | gentleman | representante | especialista | consejero |
consejera | trabajador social | trabajadora social | supervisora | gerente | empleado |
empleada | asesor | asesora | interprete | traductor | traductora | funcionario | funcionaria |
advocate | liaison | teller | cashier | receptionist | volunteer | guide | host | instructor |
technician | tech | operator | dispatcher | inspector | investigator | social worker |
guardabosques | guarda | guardia | cajero | cajera | recepcionista | voluntario |
voluntaria | guia | tecnico | tecnica | operadora | operador | inspector | inspectora
"""
_RELATIVES = """
son daughter husband wife mother mom father dad brother sister grandmother grandma
grandfather grandpa grandson granddaughter child kid uncle aunt cousin partner fiance fiancee
friend neighbor neighbour niece nephew boyfriend girlfriend caregiver hijo hija esposo esposa
marido madre mama padre papa hermano hermana abuela abuelo tio tia primo prima amigo amiga
vecino vecina novio novia sobrino sobrina nieto nieta suegra suegro pareja
"""
_POSSESSIVES = "my our mi nuestro nuestra"
_WEAK_PHRASES = """
i am | im | soy | this is | its | es | thanks | thank you | thx | ty | gracias | gracias a |
thanks to | spoke with | spoke to | talked with | talked to | speaking with | speaking to |
helped by | assisted by | served by | ask for | asked for | hable con | hablo con |
me atendio | atendido por | atendida por | ayudado por | ayudada por | pregunte por |
sincerely | regards | best | cheers | respectfully | atentamente | saludos | cordialmente |
hi | hello | dear | hey | hola | estimado | estimada | querido | querida | de parte de |
contact | ask | call | email | text | see | meet | contacte a | llame a | pregunte por |
busque a | hable con | hablar con | hablen con
"""
_GENERIC_PHRASES = """with | con | from | by | por | to | para | and | y | thank | agradezco a |
felicitar a | felicito a | conoci a | llame a | pregunte a | busquen a | pidan a |
reconocer a | recomiendo a | atencion de"""


def _phrases(block: str) -> list[tuple[str, ...]]:
    return [tuple(phrase.split()) for phrase in block.split("|") if phrase.strip()]


def _build() -> dict[tuple[str, ...], int]:
    table: dict[tuple[str, ...], int] = {}
    for phrase in _phrases(_GENERIC_PHRASES):
        table[phrase] = GENERIC
    for phrase in _phrases(_WEAK_PHRASES):
        table[phrase] = WEAK
    for phrase in _phrases(_ROLE_PHRASES):
        table[phrase] = CAPITALISED
    for possessive in _POSSESSIVES.split():
        for relative in _RELATIVES.split():
            table[(possessive, relative)] = CAPITALISED
    for phrase in _phrases(_STRONG_PHRASES):
        table[phrase] = STRONG
    for phrase in _phrases(_NAMING_PHRASES):
        table[phrase] = NAMING
    return table


CUE_PHRASES = _build()
CUE_FIRST_WORDS = frozenset(phrase[0] for phrase in CUE_PHRASES)
LONGEST_CUE = max(len(phrase) for phrase in CUE_PHRASES)

# Titles on their own: a name cue, never the first word of the name that follows a role
# ("the representative, Ms. Kim").
TITLES = frozenset(
    phrase[0] for phrase in _phrases(_STRONG_PHRASES + "|" + _NAMING_PHRASES) if len(phrase) == 1
)
