"""The small word lists around person names: what starts, ends, follows or precedes one.

Kept apart from the rules in names.py so the rules read as rules; every list is lowercase
without accents, like the keys of the words it is compared with.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "van", "von", "der", "da", "di", "du", "dos", "y"}
)
# Capitalised words that open sentences and never start a name.
STOP = _words(
    """i a an the this that these those it he she we they you my your our his her their me him
    us them what when where why how who which if and or but so because then there here yes no
    im ive ill id its lets dont
    not is are was were am be been do did does has have had to of in on at by for from with
    el la los las un una yo tu usted ella ellos nosotros mi su que cuando donde como pero
    porque si no es muy le les lo se te nos os al del con sin por para ya ha he han era fue
    son soy esta este eso esa aqui alli asi ni pues tan mas tambien hay mis sus tus ese"""
)
# Words that make the next capitalised word part of a place: "San Diego", "Fort Worth".
PLACE_PREFIX = _words(
    """san santa st saint los las el new fort port mount mt lake north south east west upper
    lower"""
)
# Before a name that is also a place or a word, these say it is the place: "in Virginia Beach".
PLACE_PREPOSITION = _words("in at from to near of en de del desde cerca hacia")
# Places that are also people's names: a name after "in", a place after "Mr.".
PERSON_LIKE_PLACES = _words(
    """austin madison jackson lincoln charlotte savannah orlando augusta georgia virginia
    carolina dakota montana houston dallas phoenix denver helena alexandria lafayette paris
    florence sydney eugene marion chester tyler raleigh columbus cleveland trenton
    salem jordan israel chad kenya india china asia africa"""
)
# Before a capitalised word, these make it a thing: "the Roosevelt Arch", "my Chase card".
DETERMINERS = _words(
    """the an this that these those el la los las un una este esta ese esa del al my our your
    their his her its mi mis su sus nuestro nuestra"""
)
# Agency and place words that end a name even when a census surname ("Service", "Park").
INSTITUTION_WORDS = _words(
    """service services office center centre department administration agency bureau county
    city state national federal post bank hospital clinic program card security medicare
    medicaid forest station court school university college church street avenue road
    unit team desk line portal website app center hall building memorial monument museum"""
)
# Lowercase words that are in the name lists but are everyday Spanish or English words.
LOWERCASE_WORDS = _words(
    """alta alto amada amado bella bonita cara clara dulce flora florida india latina linda
    loma mana mina mira mona mora nana nena ola patria pura rana santa santo sana serena
    tierra vida viva zona virgen modesta justa divina digna celeste domingo santos ora
    noble mayo dia lucha gloria pena salud tinta costa campo"""
)
# Nouns that turn a person's name into the name of a thing: "Lincoln Memorial".
NAMED_AFTER = _words(
    """day memorial monument center centre building bridge street avenue road boulevard
    hall library university college school hospital airport foundation institute act award
    scholarship program plan highway tunnel dam lake river mountain county city station
    square plaza museum stadium arena field forest falls springs bowl island beach heights
    elementary middle high academy clinic church chapel cathedral bank hole caverns cave
    canyon valley creek gap harbor bay peak ridge trail"""
)
# Capitalised words that open sentences and are no first name, even before a surname.
NOT_FIRST_NAMES = _words(
    """today yesterday tomorrow also then however please after before when because since
    finally unfortunately luckily sadly overall again still even now last next every each
    our your their his her its ask call tell thank thanks hats kudos shout special dear
    hoy ayer luego despues antes cuando porque gracias pero tambien nuestra nuestro"""
)
# What follows a person in a sentence about service: "Faith was", "Will helped".
PERSON_VERBS = _words(
    """was is has had did does seemed seems helped said told explained answered called took
    found fixed made gave transferred walked spent stayed listened treated went got knew
    showed processed handled resolved assisted greeted asked stayed sorted patiently kindly
    really also always never could would should will
    fue es era estuvo ayudo atendio explico resolvio dijo llamo tomo siempre tambien
    trato recibio encontro arreglo dio"""
)
SPANISH_OBJECTS = _words("me nos le les lo la")
PERSON_PREPOSITIONS = _words("at in from on en de del con")
MONTHS = _words(
    """january february march april may june july august september october november december
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"""
)
# Words before a month that make it a date: "in June", "since May", "a finales de abril".
TIME_WORDS = _words(
    """in on by since until till before after during of last next early late mid from through
    this that every each en de desde hasta durante antes despues para principios mediados
    finales fines este cada el del"""
)
# After a name, these belong to it: "Martin Luther King Jr", "John Smith III".
GENERATIONS = _words("jr junior ii iii iv")
