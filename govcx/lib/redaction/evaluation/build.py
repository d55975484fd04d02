# ruff: noqa: E501
# (The comments and templates below are kept one to a line, so each reads as a whole.)
"""Writes the redaction evaluation set: `development.jsonl` and `held_out.jsonl` beside this file.

    python govcx/lib/redaction/evaluation/build.py          # rewrite both files
    python govcx/lib/redaction/evaluation/build.py --check  # fail if they differ from the output

The output depends only on the seed below, so the files can be reviewed in a diff and rebuilt.
Each file holds hand-written comments (`HELD_OUT_WRITTEN`, `DEVELOPMENT_WRITTEN`) and comments
composed by a seeded generator from many sentence templates. Templates, and the pools of names
they draw from, are divided between the two files, so a redactor tuned on the development file
meets wordings and names in the held-out file that it has not seen.

This module uses the standard library only: the set is written from the description of the
types, as an independent annotator would, and must not depend on the redactor it measures.

Annotation guidelines (what a span covers)
------------------------------------------
- NAME: a person's name, in full or in part (first name alone, surname after a title), as
  written, whatever the case. A title (Mr., Ms., Officer, señora, doña) is outside the span.
  Not a name: a word that only looks like one ("I will", "grace period", "dolores de
  espalda"), a person's name inside the name of a place, street or institution (the Lincoln
  Memorial, Martin Luther King Jr. Library, calle Juárez), and the name part of an email.
- EMAIL: the whole address, without surrounding brackets or the full stop ending a sentence.
- PHONE: any telephone number with at least seven digits, as written (country code,
  parentheses and separators included; an extension is outside the span). A number named
  without its digits ("the 1-800 number") is not a phone number.
- SSN: a Social Security number, with dashes, spaces or nothing between the groups.
- TIN: a taxpayer identification number that is not an SSN: an ITIN (9XX-7X-XXXX …) or an EIN
  (XX-XXXXXXX).
- A_NUMBER: an alien registration number with its "A" prefix when written against the digits
  (A-123-456-789, A123456789, A# 123456789); the digits alone when the label stands apart
  ("USCIS# 212-345-678").
- PASSPORT: a passport number (nine digits, or a letter and eight digits).
- CARD: a full payment card number that passes the Luhn check. A number that fails it
  (a tracking or reference number) and a card's last four digits are not cards.
- BANK_ACCOUNT and ROUTING_NUMBER: the digits of a bank account and of an ABA routing number
  (a routing number always passes the ABA checksum).
- ADDRESS: a street address or post office box, from the house number (or "P.O. Box",
  "Apartado", "calle", "Lot") to the last part written in one comma-separated run: unit, city,
  state, ZIP. A city, a state or a ZIP code on its own is not an address.
- DOB: a date of birth (the date only, not the words "born on"). An appointment date, a filing
  date or a birthday without a year is not a date of birth.
- CLAIM_NUMBER: a claim number of the example agency's form (CLM-2024-0012345).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEVELOPMENT_PATH = HERE / "development.jsonl"
HELD_OUT_PATH = HERE / "held_out.jsonl"
SEED = 20261123

# Share of generated comments written in Spanish (the hand-written ones add their own).
SPANISH_SHARE = 0.44
# Share of comments without any personal information (at least a quarter of each file).
NO_PII_SHARE = 0.30

# Minimum spans per type contributed by the generator (the hand-written comments add more).
HELD_OUT_QUOTAS = {
    "NAME": 72,
    "EMAIL": 32,
    "PHONE": 32,
    "SSN": 32,
    "TIN": 32,
    "A_NUMBER": 32,
    "PASSPORT": 32,
    "CARD": 32,
    "BANK_ACCOUNT": 32,
    "ROUTING_NUMBER": 32,
    "ADDRESS": 32,
    "DOB": 32,
    "CLAIM_NUMBER": 30,
}
DEVELOPMENT_QUOTAS = {kind: max(18, count * 3 // 5) for kind, count in HELD_OUT_QUOTAS.items()}


# --------------------------------------------------------------------------------------------
# Hand-written comments. {{TYPE|text}} marks a span; {{TYPE}} asks for a generated value of the
# type (so card and routing numbers pass their checksums); [[filler]] inserts a generated
# value that is not personal information (see FILLERS).
# --------------------------------------------------------------------------------------------

WORD_NAME = "hard: name that is also a word"
WORD_NOT_NAME = "hard: a word that is also a name, used as a word"

# fmt: off
HELD_OUT_WRITTEN: list[tuple[str, str, str]] = [
    # English: names that are also words, and the words themselves.
    ("en", "{{NAME|Will}} helped me fix my direct deposit in ten minutes. I will recommend this office to my neighbors.", f"{WORD_NAME} (Will; 'I will')"),
    ("en", "I will be honest, the wait was long but the staff were kind and the room was clean.", f"{WORD_NOT_NAME} ('will')"),
    ("en", "{{NAME|Grace}} at the front desk found my file when nobody else could.", f"{WORD_NAME} (Grace)"),
    ("en", "By the grace of God my benefits finally came through after four months.", f"{WORD_NOT_NAME} ('by the grace of')"),
    ("en", "The 15-day grace period was not explained anywhere on the website.", f"{WORD_NOT_NAME} ('grace period')"),
    ("en", "My appointment was moved from June 3 to June 17 without any notice.", f"{WORD_NOT_NAME} (June, a month); appointment dates, not birth dates"),
    ("en", "{{NAME|June}} in the claims unit called me back the same day. Best service I've had from the VA.", f"{WORD_NAME} (June)"),
    ("en", "My bill from the park concession was wrong and nobody could explain the [[money]] charge.", f"{WORD_NOT_NAME} ('bill'); an amount, not a phone number"),
    ("en", "Ask for {{NAME|Bill}} at the Dayton office, he actually knows the disability rules.", f"{WORD_NAME} (Bill)"),
    ("en", "Lady named {{NAME|Hope}} answered on the second ring. I hope they give her a raise.", f"{WORD_NAME} (Hope; 'I hope')"),
    ("en", "I hope the new system works better than the old one, I called 14 times last week.", f"{WORD_NOT_NAME} ('hope'); a count"),
    ("en", "I applied in good faith and still got a letter accusing me of fraud.", f"{WORD_NOT_NAME} ('faith')"),
    ("en", "{{NAME|Faith Okafor}} walked me through the I-130 checklist line by line.", f"{WORD_NAME} (Faith); a form number"),
    ("en", "Please mark the box for Spanish on the form, my mother does not read English.", f"{WORD_NOT_NAME} ('mark')"),
    ("en", "Ranger {{NAME|Mark}} gave the best talk about the geysers. My kids loved it.", f"{WORD_NAME} (Mark)"),
    ("en", "Will the office ever open on Saturdays? Some of us work Monday to Friday.", f"{WORD_NOT_NAME} ('Will' opening a question)"),
    ("en", "Hope you read these. The kiosk in the lobby has been broken since spring.", f"{WORD_NOT_NAME} ('Hope' opening a sentence)"),
    ("en", "Thank you {{NAME|Rosario}}, you made the renewal painless.", f"{WORD_NAME} (Rosario)"),
    ("en", "{{NAME|Dolores Vance}} explained the survivor benefit better than the website ever has.", f"{WORD_NAME} (Dolores)"),
    ("en", "The clerk, {{NAME|Luz}}, stayed late so my father could finish his interview.", f"{WORD_NAME} (Luz)"),
    ("en", "Officer {{NAME|Cruz}} at the port of entry was firm but fair.", f"{WORD_NAME} (Cruz)"),
    ("en", "We drove to Santa Cruz for the passport fair and it was cancelled.", f"{WORD_NOT_NAME} (Cruz in a place name)"),
    ("en", "{{NAME|Art}} in the benefits office knew every answer. The art on the walls was nice too.", f"{WORD_NAME} (Art; 'art')"),
    ("en", "The ranger named {{NAME|Sandy}} took us on the dune walk; the sandy trail was tough for my mom.", f"{WORD_NAME} (Sandy; 'sandy')"),
    ("en", "We visited the Lincoln Memorial and the Jefferson Memorial; the rangers were great but the restrooms were closed.", "hard: person names inside place names"),
    ("en", "The Martin Luther King Jr. Library branch no longer hands out tax forms.", "hard: a person's name inside an institution's name"),
    ("en", "mr {{NAME|hernandez}} at window 4 was very rude to my father", "hard: lowercase name"),
    ("en", "CALLED FOUR TIMES. {{NAME|KAREN}} HUNG UP ON ME. UNACCEPTABLE.", "hard: name in capitals"),
    ("en", "Thanks to Officer {{NAME|Nguyen}} and Officer {{NAME|Patel}} for making the interview less scary.", ""),
    ("en", "The new hire {{NAME|Tyrone}} didn't know how to look up my case and transferred me 3 times.", ""),
    ("en", "The guy at window 7, I think his name was {{NAME|Darnell}}, was super patient with my grandma.", ""),
    ("en", "Thanks Ms. {{NAME|Oyelaran}}, you saved my semester by fixing the FAFSA mix-up.", ""),
    ("en", "{{NAME|Mark Delgado}} at the call center deserves a raise.", f"{WORD_NAME} (Mark)"),
    ("en", "Sgt. {{NAME|O'Brien}} from the recruiting office helped me get my DD-214 corrected.", "hard: name with an apostrophe; a form number"),
    ("en", "My caseworker {{NAME|Anne-Marie Lefebvre}} retired and nobody took over my file.", "hard: hyphenated name"),
    # English: numbers that look like phone numbers but are not.
    ("en", "Your confirmation [[conf]] never worked on the status page.", "hard: a confirmation number"),
    ("en", "The office hours say 8:30-4:30 but they closed at 3:15 and the line was 40 people long.", "hard: times that look like phone numbers"),
    ("en", "Appointment window was [[timerange]] and I was seen at 1:10 pm.", "hard: a time range"),
    ("en", "Mailed everything to the Washington, DC [[zip4]] processing center on [[isodate]] and nothing since.", "hard: a ZIP+4 and an ISO date, not phone numbers"),
    ("en", "The website tells you to call the 1-800 number but never says which one.", "hard: '1-800 number' without digits"),
    ("en", "Over 2,345,678 people use this service and you have one phone line?", "hard: a large count"),
    ("en", "My refund of [[money]] was held for 'review' for 19 weeks.", "hard: an amount"),
    ("en", "Tracking number [[nonluhn]] says delivered but we never got the replacement card.", "hard: 16-digit number that fails the Luhn check (not a card)"),
    ("en", "The payment page gave me reference [[nonluhn]] and the person on the phone could not find it.", "hard: 16-digit number that fails the Luhn check (not a card)"),
    ("en", "Card ending 4421 was declined at the visitor center even though it works everywhere else.", "hard: last four digits of a card (not a card number)"),
    ("en", "We processed 1,204 cases in Q3 and 1,377 in Q4 according to your own dashboard, so why is mine still open?", "hard: case counts"),
    ("en", "The form says OMB No. [[omb]] at the bottom, is that the number I'm supposed to call?", "hard: an OMB control number"),
    ("en", "My appointment on 03/14/2025 was cancelled the night before.", "hard: an appointment date, not a birth date"),
    ("en", "We celebrated my mom's 80th birthday at the campground on 8/12 and the host was wonderful.", "hard: a birthday without a birth date"),
    ("en", "The hold music loops every 45 seconds; I listened to it from 9:02 until 10:47.", "hard: times"),
    # English: personal information of every type.
    ("en", "Please call me back at {{PHONE|(312) 555-0142}}, I can't keep waiting on hold for 2 hours.", ""),
    ("en", "I'm {{NAME|Denise Whitaker}}, born {{DOB|04/22/1957}}, and I still haven't received my Medicare card.", ""),
    ("en", "My husband's SSN {{SSN|412 67 9034}} was typed wrong on the letter you sent.", "hard: SSN written with spaces"),
    ("en", "The agent asked me to read my ITIN {{TIN|912-78-4410}} three times and then the call dropped.", "hard: ITIN"),
    ("en", "Our small business EIN is {{TIN|46-2918375}}, the notice says we never filed but we did.", "hard: EIN"),
    ("en", "My A-number is {{A_NUMBER|A-204-318-772}} and the online account says it doesn't exist.", "hard: A-number written A-123-456-789"),
    ("en", "USCIS lost my file, {{A_NUMBER|A098765432}}, for the second time.", "hard: A-number written A123456789"),
    ("en", "Passport number {{PASSPORT|583920174}} was reported lost by mistake and now I can't travel.", "hard: passport number with context"),
    ("en", "I paid with my card {{CARD}} and got charged twice for the same campsite.", ""),
    ("en", "Direct deposit info: routing {{ROUTING_NUMBER}} account {{BANK_ACCOUNT|4410029387}}. Please fix it, the payment went to my old bank.", "hard: routing and account numbers together"),
    ("en", "I moved to {{ADDRESS|1187 Juniper Hollow Rd, Apt 12}} and the forms still go to my old place.", "hard: address without a ZIP code; apartment number"),
    ("en", "Send it to {{ADDRESS|P.O. Box 4471, Yakima, WA 98907}} please, mail gets stolen at my building.", "hard: PO box"),
    ("en", "email me: {{EMAIL|d.whitaker+medicare@example.com}}", "hard: email with a plus tag"),
    ("en", "You can reach my daughter at {{EMAIL|ana.ruiz@mail.students.example.edu}} since I don't use email.", "hard: email with subdomains"),
    ("en", "My claim {{CLAIM_NUMBER|CLM-2024-0012345}} has said 'pending' since March.", ""),
    ("en", "My callback number is {{PHONE|773.555.0119}} and the automated line cut me off twice.", ""),
    ("en", "Text me at {{PHONE|2135550163}}.", "hard: phone number without separators"),
    ("en", "Call {{PHONE|+1 (915) 555-0108}} after 5pm, I work days.", ""),
    ("en", "The 1-800 line gave me a different answer than the office at {{ADDRESS|410 W. Harrison St}}.", "hard: '1-800 line' without digits; address without a ZIP code"),
    ("en", "Claim {{CLAIM_NUMBER|CLM-2023-0450981}} was closed without anyone calling me. My number is {{PHONE|(602) 555-0181}}.", ""),
    ("en", "My SSN is {{SSN|538-21-7764}}, my DOB is {{DOB|1961-09-30}}, my name is {{NAME|Harold Ames}}. Why do I have to repeat this to three people?", ""),
    ("en", "Please update my address to {{ADDRESS|4500 Sunset Blvd Unit 9, Kissimmee, FL 34741}}.", "hard: unit number"),
    ("en", "I gave Agent {{NAME|Reyes}} my passport number ({{PASSPORT|C04829371}}) and she said it was not in the system.", "hard: passport number starting with a letter"),
    ("en", "Taxpayer ID {{TIN|957-83-2201}} is for my wife, she uses an ITIN not an SSN.", "hard: ITIN"),
    ("en", "My card {{CARD}} was charged [[money]] for a passport card I never received.", "hard: an amount next to a card number"),
    ("en", "Office at {{ADDRESS|1200 Market Street, Suite 400, St. Louis, MO 63103}} had no parking at all.", "hard: suite number"),
    ("en", "The form asks for the A-Number but my card shows USCIS# {{A_NUMBER|212-345-678}}.", "hard: A-number without the A"),
    ("en", "I live in a trailer at {{ADDRESS|Lot 14, 2290 County Road 12}}, the mail carrier can't find it.", "hard: address without a ZIP code"),
    ("en", "Contact: {{NAME|Priya Raman}}, {{EMAIL|PRaman@agency.example.gov}}, {{PHONE|202-555-0177}} ext. 204", "hard: email with a subdomain; phone with an extension"),
    ("en", "Veteran here. DOB {{DOB|11/02/1948}}, served 1966-1970, and the VA still can't find my DD-214.", "hard: a year range and a form number near a birth date"),
    ("en", "I was born on {{DOB|July 4, 1976}} and the system keeps saying my date of birth doesn't match.", ""),
    ("en", "The IRS sent my refund to account {{BANK_ACCOUNT|000123948576}}, which I closed in 2022.", ""),
    ("en", "Routing number {{ROUTING_NUMBER}} is correct, I checked with my credit union twice.", ""),
    ("en", "my ss# is {{SSN|287563014}} and my wife's is {{SSN|287-56-3188}}, both got the same letter", "hard: SSN without separators; lowercase"),
    ("en", "Write to me at <{{EMAIL|tom.becker@example.org}}>. I am not on the phone during the day.", "hard: email in angle brackets"),
    ("en", "I put the claim number in the subject line ({{CLAIM_NUMBER|CLM-2025-0107734}}) and still got a form letter.", ""),
    ("en", "Our mailing address is {{ADDRESS|88 Birch Lane}} in Springfield, not the one on file.", "hard: address without a ZIP code"),
    # English: no personal information.
    ("en", "Good experience. In and out in 20 minutes.", ""),
    ("en", "The park was beautiful, trails well marked, but the visitor center closed early.", ""),
    ("en", "It took 9 months to get my green card renewed and no one answered the phone.", ""),
    ("en", "Whoever designed the online form: please let us save and come back later.", ""),
    ("en", "Had to drive 140 miles to the nearest office. 3 hours each way.", ""),
    ("en", "The chatbot kept sending me to the same FAQ page about Form 1099-G.", "hard: a form number"),
    ("en", "Easy, fast, friendly. More of this please.", ""),
    ("en", "Nobody told me the fee went up to $165 until I was at the counter.", "hard: an amount"),
    # Spanish: names that are also words, and the words themselves.
    ("es", "{{NAME|Luz}} me atendió muy bien en la oficina del Seguro Social.", f"{WORD_NAME} (Luz)"),
    ("es", "No había luz en la sala de espera y nadie nos avisó.", f"{WORD_NOT_NAME} ('luz')"),
    ("es", "La señora {{NAME|Dolores}} de la ventanilla 3 fue muy amable.", f"{WORD_NAME} (Dolores)"),
    ("es", "Tengo dolores de espalda y tuve que esperar de pie dos horas.", f"{WORD_NOT_NAME} ('dolores')"),
    ("es", "{{NAME|Rosario}} me ayudó a llenar la solicitud de pasaporte.", f"{WORD_NAME} (Rosario)"),
    ("es", "Mi abuela rezó el rosario mientras esperábamos la entrevista.", f"{WORD_NOT_NAME} ('rosario')"),
    ("es", "El agente {{NAME|Cruz}} resolvió mi caso en una sola llamada.", f"{WORD_NAME} (Cruz)"),
    ("es", "Fui a la Cruz Roja porque en la oficina de FEMA no me atendieron.", f"{WORD_NOT_NAME} (Cruz in an organization's name)"),
    ("es", "Gracias a {{NAME|Esperanza Villalobos}} por su paciencia.", f"{WORD_NAME} (Esperanza)"),
    ("es", "Perdí la esperanza de que alguien conteste el teléfono.", f"{WORD_NOT_NAME} ('esperanza')"),
    ("es", "Doña {{NAME|Consuelo}} nos explicó todo con calma, fue un consuelo después de tanto esperar.", f"{WORD_NAME} (Consuelo; 'consuelo')"),
    ("es", "{{NAME|Paz}} del centro de llamadas me dio el mejor servicio; ojalá hubiera más paz en esas oficinas.", f"{WORD_NAME} (Paz; 'paz')"),
    ("es", "Mi esposo {{NAME|Jesús Alberto Cruz Medina}} lleva 6 meses esperando su permiso de trabajo.", "hard: compound Spanish name"),
    ("es", "mi nombre es {{NAME|maria del carmen soto}} y quiero saber por qué me negaron la ayuda", "hard: lowercase name with a particle"),
    ("es", "Mi hijo {{NAME|Santiago}} necesita su pasaporte antes del viaje y la cita más cercana es en diciembre.", ""),
    ("es", "La licenciada {{NAME|Mercedes Ibarra}} nunca respondió a mi correo.", f"{WORD_NAME} (Mercedes)"),
    ("es", "{{NAME|Fe}} en recepción nos dio un número y nos llamaron enseguida. Tengo fe en que mejore el servicio.", f"{WORD_NAME} (Fe; 'fe')"),
    ("es", "Fuimos al parque Los Ángeles y el guardabosques {{NAME|Ángel}} nos enseñó las aves.", f"{WORD_NAME} (Ángel); a place name"),
    # Spanish: numbers that look like phone numbers but are not.
    ("es", "Mi cita era el 15 de octubre a las 10:30 y me atendieron a la 1.", "hard: an appointment date and time, not a birth date"),
    ("es", "Pagué [[money]] por el trámite y nadie me dio recibo.", "hard: an amount"),
    ("es", "Llamé al 1-800 y nadie sabía nada de mi caso.", "hard: '1-800' without digits"),
    ("es", "Había como 3,500 personas en la fila del consulado.", "hard: a count"),
    ("es", "El horario dice de 8:30 a 4:30 pero cerraron a las 3.", "hard: times"),
    ("es", "El número de confirmación [[conf]] no sirve en la página de estatus.", "hard: a confirmation number"),
    ("es", "Envié todo a la oficina de Washington, DC [[zip4]] y nada.", "hard: a ZIP+4 without a street address"),
    ("es", "El número de guía [[nonluhn]] dice entregado pero la tarjeta nunca llegó.", "hard: 16-digit number that fails the Luhn check (not a card)"),
    ("es", "La carta tiene fecha del [[isodate]] y llegó un mes después.", "hard: an ISO date"),
    # Spanish: personal information of every type.
    ("es", "Mi número de seguro social es {{SSN|523 41 8890}} y aparece mal en la carta.", "hard: SSN written with spaces"),
    ("es", "Llámenme al {{PHONE|(787) 555-0134}}, por favor, en las tardes.", ""),
    ("es", "Mi correo es {{EMAIL|lupita.garza+uscis@example.com}}", "hard: email with a plus tag"),
    ("es", "Vivo en {{ADDRESS|calle Luna 45, apto. 2}}, pero las cartas llegan a mi dirección anterior.", "hard: Spanish address without a ZIP code; apartment number"),
    ("es", "La dirección correcta es {{ADDRESS|Avenida Las Américas 1203, Ponce, PR 00716}}.", "hard: Spanish address (avenida)"),
    ("es", "Nací el {{DOB|14 de marzo de 1962}} y en el sistema aparece otra fecha.", ""),
    ("es", "Mi número A es {{A_NUMBER|A-087-654-321}} por si lo necesitan.", "hard: A-number written A-123-456-789"),
    ("es", "El número de mi pasaporte es {{PASSPORT|491827365}}, lo reporté robado el [[isodate]].", "hard: an ISO date near a passport number"),
    ("es", "Pongan el depósito en mi cuenta {{BANK_ACCOUNT|0028844719}}, número de ruta {{ROUTING_NUMBER}}.", "hard: routing and account numbers together"),
    ("es", "Pagué con la tarjeta {{CARD}} y me cobraron dos veces.", ""),
    ("es", "Mi ITIN es {{TIN|933-72-1184}}; el IRS dice que no existe.", "hard: ITIN"),
    ("es", "El número de reclamo {{CLAIM_NUMBER|CLM-2025-0003318}} no aparece en la página.", ""),
    ("es", "Le escribí a {{EMAIL|m.ibarra@consulado.example.gov}} y nunca contestaron.", "hard: email with a subdomain"),
    ("es", "Manden la tarjeta al {{ADDRESS|Apartado 4567, San Juan, PR 00936}}.", "hard: PO box (apartado)"),
    ("es", "Mi fecha de nacimiento es {{DOB|03/07/1955}} y la tarjeta dice otra.", ""),
    ("es", "Mi EIN es {{TIN|83-1047562}} y sigo esperando el reembolso de la nómina.", "hard: EIN"),
    ("es", "Vivo en {{ADDRESS|2210 Oak Street, Apt 5, Laredo}} y ya lo actualicé tres veces.", "hard: address without a ZIP code"),
    ("es", "Mi celular es {{PHONE|939 555 0120}} y el de mi hija {{PHONE|939-555-0154}}.", "hard: phone written with spaces"),
    ("es", "Soy {{NAME|Ramiro Castañeda}}, F. de nac. {{DOB|2/9/1949}}, veterano de la Fuerza Aérea.", ""),
    ("es", "Mi número de extranjero es {{A_NUMBER|A123456780}} y USCIS no encuentra mi expediente.", "hard: A-number written A123456789"),
    ("es", "Pasaporte {{PASSPORT|E12039847}}, solicitado en agosto, todavía sin noticias.", "hard: passport number starting with a letter"),
    ("es", "Manden la correspondencia a {{ADDRESS|Calle 5 #23, Urb. Villa Carolina, Carolina, PR 00985}}.", "hard: Spanish address (calle)"),
    ("es", "Mi reclamo es el {{CLAIM_NUMBER|CLM-2024-0998012}}, por favor revisen.", ""),
    # Spanish: no personal information.
    ("es", "Todo bien, rápido y con buena atención.", ""),
    ("es", "La página web no funciona en el celular, tuve que ir a la biblioteca.", ""),
    ("es", "Esperé cuatro horas para que me dijeran que faltaba un documento.", ""),
    ("es", "Los empleados fueron respetuosos y me explicaron en español.", ""),
    ("es", "El parque estaba limpio y los guardabosques muy amables.", ""),
    ("es", "Nadie contesta el teléfono, es una vergüenza.", ""),
]

DEVELOPMENT_WRITTEN: list[tuple[str, str, str]] = [
    ("en", "{{NAME|Will}} at the VA clinic will call you back, they said. {{NAME|Will}} did, twice.", f"{WORD_NAME} (Will; 'will')"),
    ("en", "You will wait forever. I will not come back to this office.", f"{WORD_NOT_NAME} ('will')"),
    ("en", "My thanks to {{NAME|Grace Liu}} who fixed my address in the system.", f"{WORD_NAME} (Grace)"),
    ("en", "There is no grace period if the portal is down on the due date?", f"{WORD_NOT_NAME} ('grace period')"),
    ("en", "We camped the second week of June and the bathrooms were locked.", f"{WORD_NOT_NAME} (June, a month)"),
    ("en", "Ask for {{NAME|June Park}}, she knows the reinstatement rules.", f"{WORD_NAME} (June)"),
    ("en", "I paid the bill online and it still shows as unpaid.", f"{WORD_NOT_NAME} ('bill')"),
    ("en", "{{NAME|Bill}} from the tax clinic spotted the mistake on my W-2.", f"{WORD_NAME} (Bill)"),
    ("en", "{{NAME|Faith}} was the only person who answered my email.", f"{WORD_NAME} (Faith)"),
    ("en", "Lost all faith in this process after the third denial.", f"{WORD_NOT_NAME} ('faith')"),
    ("en", "They told me to mark 'not applicable' for every question.", f"{WORD_NOT_NAME} ('mark')"),
    ("en", "Hats off to {{NAME|Hope Sanders}} for her patience.", f"{WORD_NAME} (Hope)"),
    ("en", "{{NAME|Dolores}} at the passport acceptance facility was a delight.", f"{WORD_NAME} (Dolores)"),
    ("en", "The interpreter, {{NAME|Rosario Vega}}, was excellent.", f"{WORD_NAME} (Rosario)"),
    ("en", "Mister {{NAME|Cruz}} from the VA never called back.", f"{WORD_NAME} (Cruz)"),
    ("en", "We toured the Roosevelt Arch and the Washington Monument on the same trip.", "hard: person names inside place names"),
    ("en", "Call the 1-800 number and press 0 three times to get a human.", "hard: '1-800 number' without digits"),
    ("en", "The deposit of [[money]] arrived on [[isodate]], two weeks late.", "hard: an amount and an ISO date"),
    ("en", "Confirmation [[conf]] was rejected by the kiosk.", "hard: a confirmation number"),
    ("en", "My slot was [[timerange]]; they called my name at noon.", "hard: a time range"),
    ("en", "The ZIP on the letter was [[zip4]] but I don't live there.", "hard: a ZIP+4 on its own"),
    ("en", "Order reference [[nonluhn]] from the gift shop never shipped.", "hard: 16-digit number that fails the Luhn check (not a card)"),
    ("en", "My appointment is 11/20/2025 and the letter says 11/02/2025, which is it?", "hard: appointment dates, not birth dates"),
    ("en", "My SSN {{SSN|601 23 4478}} shows up on the envelope window!", "hard: SSN written with spaces"),
    ("en", "ITIN {{TIN|987-92-6634}} renewal has been pending for 11 weeks.", "hard: ITIN"),
    ("en", "A-number {{A_NUMBER|A-219-456-120}}, biometrics done in May, still nothing.", "hard: A-number written A-123-456-789"),
    ("en", "My A# is {{A_NUMBER|A201556781}}.", "hard: A-number written A123456789"),
    ("en", "The new passport ({{PASSPORT|A38211907}}) has my name misspelled.", "hard: passport number starting with a letter"),
    ("en", "Bank routing {{ROUTING_NUMBER}}, checking {{BANK_ACCOUNT|7732019845}}: this is where my refund should go.", "hard: routing and account numbers together"),
    ("en", "My card {{CARD}} was billed for a permit I cancelled.", ""),
    ("en", "I'm at {{ADDRESS|905 Alder Ct, Apt 3C}} now, please update it.", "hard: address without a ZIP code; apartment number"),
    ("en", "Mail to {{ADDRESS|PO Box 212, Boise, ID 83701}} only.", "hard: PO box"),
    ("en", "reach me at {{EMAIL|k.obi+ssa@example.net}} or {{PHONE|(404) 555-0166}}", "hard: email with a plus tag"),
    ("en", "Born {{DOB|Feb. 2, 1950}}, and I'm told my record says 1905.", ""),
    ("en", "Claim {{CLAIM_NUMBER|CLM-2022-0781123}} is still open after 200 days.", ""),
    ("en", "EIN {{TIN|27-4501938}}: the penalty notice is wrong.", "hard: EIN"),
    ("en", "Fast, friendly, done.", ""),
    ("en", "Parking at the federal building is impossible.", ""),
    ("en", "The online chat answered in under a minute. Great job.", ""),
    ("es", "{{NAME|Luz María}} me explicó los requisitos del pasaporte para mi bebé.", f"{WORD_NAME} (Luz)"),
    ("es", "Se fue la luz durante mi cita y tuve que regresar otro día.", f"{WORD_NOT_NAME} ('luz')"),
    ("es", "El señor {{NAME|Reyes}} fue muy profesional.", f"{WORD_NAME} (Reyes)"),
    ("es", "El Día de Reyes la oficina estaba abierta pero sin personal.", f"{WORD_NOT_NAME} ('Reyes')"),
    ("es", "{{NAME|Soledad}} en la ventanilla 2 me ayudó con la traducción.", f"{WORD_NAME} (Soledad)"),
    ("es", "Mucha soledad para los veteranos mayores; deberían llamar más seguido.", f"{WORD_NOT_NAME} ('soledad')"),
    ("es", "Mi número de seguro social {{SSN|318-44-9021}} salió en el sobre.", ""),
    ("es", "Mi ITIN {{TIN|941-88-2210}} venció y nadie me avisó.", "hard: ITIN"),
    ("es", "Número A {{A_NUMBER|A-076-543-210}}.", "hard: A-number written A-123-456-789"),
    ("es", "Pasaporte número {{PASSPORT|612390487}}, vence en 2031.", ""),
    ("es", "Tarjeta {{CARD}}, cobro duplicado del permiso de campamento.", ""),
    ("es", "Cuenta {{BANK_ACCOUNT|33018274}} y ruta {{ROUTING_NUMBER}} para el depósito directo.", "hard: routing and account numbers together"),
    ("es", "Mi dirección nueva es {{ADDRESS|avenida Juárez 1550, depto. 4}}.", "hard: Spanish address (avenida) without a ZIP code"),
    ("es", "Nací el {{DOB|2 de enero de 1971}}.", ""),
    ("es", "Mi correo: {{EMAIL|beto.rios@correo.example.com}}", "hard: email with a subdomain"),
    ("es", "Llámenme al {{PHONE|956-555-0111}}.", ""),
    ("es", "Reclamo {{CLAIM_NUMBER|CLM-2024-0500127}} sin respuesta.", ""),
    ("es", "La cita fue el 3 de marzo de 2025 a las 9:15, llegué temprano.", "hard: an appointment date and time, not a birth date"),
    ("es", "Cobran $85.50 por una copia, es demasiado.", "hard: an amount"),
    ("es", "Muy buena atención, gracias.", ""),
    ("es", "El formulario en línea se traba al subir fotos.", ""),
]
# fmt: on


# --------------------------------------------------------------------------------------------
# Name and place pools. Each file draws from its own half of every pool.
# --------------------------------------------------------------------------------------------


def words(text: str, separator: str | None = None) -> list[str]:
    """The pools below are written as running text: compact, and easy to read and extend."""
    return text.split(separator)


FIRST_EN = words(
    "James Mary Robert Patricia Michael Jennifer David Linda Richard Elizabeth Joseph Barbara "
    "Thomas Susan Charles Jessica Christopher Sarah Daniel Karen Matthew Lisa Anthony Nancy "
    "Donald Betty Steven Sandra Paul Ashley Andrew Kimberly Joshua Emily Kenneth Donna Kevin "
    "Michelle Brian Carol Timothy Amanda Ronald Melissa Jason Deborah Jeffrey Stephanie Ryan "
    "Rebecca Jacob Laura Gary Cynthia Nicholas Amy Eric Kathleen Jonathan Angela Larry Shirley "
    "Justin Brenda Scott Pamela Brandon Nicole Gregory Katherine Samuel Samantha Raymond "
    "Christine Patrick Debra Alexander Rachel Jack Carolyn Dennis Janet Jerry Maria Tyler "
    "Heather Aaron Diane Jose Olivia Henry Julie Adam Joyce Douglas Victoria Nathan Kelly "
    "Peter Christina Zachary Lauren Kyle Joan Walter Evelyn Harold Judith Jeremy Megan Ethan "
    "Andrea Carl Cheryl Keith Hannah Roger Jacqueline Gerald Martha Terrence LaToya Jamal Keisha "
    "DeShawn Tanisha Malik Aaliyah Darius Imani Wei Mei Hiroshi Yuki Anh Thanh Priya Arjun "
    "Fatima Omar Abdul Aisha Ngozi Chinedu Svetlana Dmitri"
)
LAST_EN = words(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
    "Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell "
    "Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Peterson Cooper Reed "
    "Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray James Hughes "
    "Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Fisher Henderson "
    "Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Wallace Washington Butler "
    "Okonkwo Nguyen Tran Kim Park Chen Wang Patel Shah Yamamoto Kowalski Novak O'Connor "
    "McAllister Fitzgerald Abernathy Blackwood Delacroix Whitfield Haskins Underwood"
)
FIRST_ES = words(
    "José Juan Luis Carlos Jorge Miguel Francisco Antonio Manuel Pedro Alejandro Ricardo Rafael "
    "Fernando Sergio Javier Roberto Eduardo Raúl Arturo Héctor Alberto Enrique Gerardo Armando "
    "Rubén Ramón Julio Óscar Víctor Andrés Diego Santiago Mateo Emiliano Joaquín Ignacio Tomás "
    "Gustavo Hugo Esteban Rodrigo Ernesto Guillermo Adrián Marco Iván Alfredo Gilberto Efraín "
    "María Guadalupe Juana Margarita Verónica Leticia Rosa Francisca Teresa Alicia Patricia "
    "Elena Isabel Ana Laura Adriana Gabriela Claudia Sofía Valentina Ximena Camila Fernanda "
    "Daniela Mariana Lucía Paola Yesenia Maribel Araceli Beatriz Norma Silvia Irma Graciela "
    "Marisol Yolanda Josefina Carmen Lourdes Maricela Rocío Itzel Brenda Yadira Noemí Liliana "
    "Marta Catalina Inés"
)
LAST_ES = words(
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores "
    "Rivera Gómez Díaz Morales Reyes Gutiérrez Ortiz Jiménez Ruiz Álvarez Mendoza Castillo "
    "Vásquez Romero Herrera Medina Aguilar Vargas Castro Guzmán Muñoz Rojas Salazar Ortega "
    "Delgado Soto Contreras Sandoval Guerrero Ramos Chávez Domínguez Estrada Cortés Núñez "
    "Peña Vega Cabrera Campos Fuentes Carrillo Espinoza Ríos Acosta Navarro Molina Valdez "
    "Maldonado Ibarra Velázquez Figueroa Pacheco Cárdenas Escobar Trujillo Zamora Orozco "
    "Galindo Benavides Quiñones Villarreal Zúñiga Montoya Arellano Bermúdez Olivares Santana "
    "Villanueva Córdova Lozano Barrera Solís Salinas"
)
WORD_NAMES_EN = words(
    "Will Grace June Bill Hope Faith Mark Rose Joy Dawn Summer Art Pat Rich Frank Sue Amber "
    "Crystal Destiny Angel Ivy Holly Iris Jade Heather Lily Daisy April May Chase Gene Jack "
    "Drew Cliff Glen Dale Wade Sandy Penny Ginger Brook Ray Robin Carol Skip Patience Melody "
    "Honey Star Bud Rocky Misty Sunny Autumn Hunter Mason Sterling Royal Miles"
)
WORD_NAMES_ES = words(
    "Luz Dolores Rosario Cruz Consuelo Soledad Amparo Pilar Mercedes Socorro Paz Esperanza "
    "Milagros Rocío Concepción Remedios Ángeles Asunción Guadalupe Reyes Fe Caridad Paloma "
    "Blanca Alba Estrella Perla Sol Victoria Rosa Gloria Aurora Trinidad Ángel Amado Salvador "
    "Modesto Clemente Severo Justo Inocencio Fidel Leal Prudencia Fortunato Bonifacio Celeste"
)

# Which first names are women's, so that "my mother, {FNAME}" and "la agente {FNAME}" agree.
FEMALE = frozenset(
    words(
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy "
        "Betty Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah "
        "Stephanie Rebecca Laura Cynthia Amy Kathleen Angela Shirley Brenda Pamela Nicole "
        "Katherine Samantha Christine Debra Rachel Carolyn Janet Maria Heather Diane Olivia "
        "Julie Joyce Victoria Kelly Christina Lauren Joan Evelyn Judith Megan Andrea Cheryl "
        "Hannah Jacqueline Martha LaToya Keisha Tanisha Aaliyah Imani Mei Yuki Anh Priya Fatima "
        "Aisha Ngozi Svetlana María Guadalupe Juana Margarita Verónica Leticia Rosa Francisca "
        "Teresa Alicia Elena Isabel Ana Adriana Gabriela Claudia Sofía Valentina Ximena Camila "
        "Fernanda Daniela Mariana Lucía Paola Yesenia Maribel Araceli Beatriz Norma Silvia Irma "
        "Graciela Marisol Yolanda Josefina Carmen Lourdes Maricela Rocío Itzel Yadira Noemí "
        "Liliana Marta Catalina Inés Grace June Hope Faith Rose Joy Dawn Summer Sue Amber "
        "Crystal Destiny Ivy Holly Iris Jade Lily Daisy April May Sandy Penny Ginger Brook Robin "
        "Patience Melody Honey Star Misty Sunny Autumn Luz Dolores Rosario Consuelo Soledad "
        "Amparo Pilar Mercedes Socorro Paz Esperanza Milagros Concepción Remedios Ángeles "
        "Asunción Fe Caridad Paloma Blanca Alba Estrella Perla Sol Victoria Gloria Aurora "
        "Trinidad Prudencia Celeste"
    )
)

CITIES_EN = [
    ("Springfield", "IL", "62704"),
    ("Tucson", "AZ", "85711"),
    ("El Paso", "TX", "79912"),
    ("Dayton", "OH", "45402"),
    ("Fresno", "CA", "93721"),
    ("Albuquerque", "NM", "87102"),
    ("Tulsa", "OK", "74103"),
    ("Boise", "ID", "83702"),
    ("Richmond", "VA", "23220"),
    ("Silver Spring", "MD", "20910"),
    ("Yakima", "WA", "98901"),
    ("Lowell", "MA", "01852"),
    ("Paterson", "NJ", "07501"),
    ("Macon", "GA", "31201"),
    ("Gary", "IN", "46402"),
    ("Billings", "MT", "59101"),
    ("Flagstaff", "AZ", "86001"),
    ("Duluth", "MN", "55802"),
    ("Savannah", "GA", "31401"),
    ("Spokane", "WA", "99201"),
    ("Toledo", "OH", "43604"),
    ("Anchorage", "AK", "99501"),
    ("Honolulu", "HI", "96813"),
    ("Jackson", "MS", "39201"),
]
CITIES_ES = [
    ("San Juan", "PR", "00901"),
    ("Bayamón", "PR", "00959"),
    ("Ponce", "PR", "00716"),
    ("Carolina", "PR", "00985"),
    ("Caguas", "PR", "00725"),
    ("Mayagüez", "PR", "00680"),
    ("Laredo", "TX", "78040"),
    ("Brownsville", "TX", "78520"),
    ("McAllen", "TX", "78501"),
    ("Hialeah", "FL", "33012"),
    ("Santa Ana", "CA", "92701"),
    ("El Paso", "TX", "79905"),
    ("Los Ángeles", "CA", "90033"),
    ("Kissimmee", "FL", "34741"),
    ("Yuma", "AZ", "85364"),
    ("Las Cruces", "NM", "88001"),
]
STREETS_EN = words(
    "Maple|Oak|Cedar|Pine|Elm|Birch|Walnut|Chestnut|Willow|Juniper|Aspen|Sycamore|Magnolia|"
    "Main|Park|Lake|Hill|Sunset|Highland|Ridge|Mill|Church|Spring|River|Meadow|Valley|Forest|"
    "Washington|Lincoln|Jefferson|Madison|Franklin|Martin Luther King Jr.|Cesar Chavez|"
    "2nd|3rd|5th|14th|42nd|Prospect|Orchard|Harbor|Canyon|Mesa Verde|Quail Run|Fox Hollow",
    separator="|",
)
SUFFIXES_EN = words(
    "Street|St|St.|Avenue|Ave|Ave.|Road|Rd|Drive|Dr.|Lane|Ln|Boulevard|Blvd|Court|Ct|Way|"
    "Place|Pl|Circle|Terrace|Trail|Parkway",
    separator="|",
)
UNITS_EN = ("Apt {n}", "Apt. {n}", "Unit {n}", "#{n}", "Suite {n}", "Apartment {n}", "Ste {n}")
STREETS_ES = words(
    "Luna|Sol|San Rafael|Las Flores|Los Pinos|del Parque|Loíza|Degetau|Méndez Vigo|Juárez|"
    "Hidalgo|Morelos|Reforma|Las Américas|Ponce de León|Fernández Juncos|Muñoz Rivera|"
    "Barbosa|Betances|Colón|Libertad|Independencia|San Antonio|Santa Rosa|Los Olivos|Palmeras",
    separator="|",
)
URBANIZACIONES = ("Villa Carolina", "Las Lomas", "Santa Juanita", "Río Hondo", "Country Club")

MONTHS_EN = words(
    "January February March April May June July August September October November December"
)
MONTHS_ES = words(
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)
EIN_PREFIXES = (10, 12, 20, 26, 27, 30, 31, 33, 35, 38, 41, 45, 46, 47, 52, 54, 56, 61, 65, 74, 83)
ROUTING_PREFIXES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 26, 31, 32)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def aba_valid(digits: str) -> bool:
    d = [int(c) for c in digits]
    weighted = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]
    return len(d) == 9 and weighted % 10 == 0


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------------------------
# Values: each maker returns the text and, for a deliberately hard form, a note.
# --------------------------------------------------------------------------------------------

Made = tuple[str, str]


@dataclass
class Pools:
    first_en: Sequence[str]
    last_en: Sequence[str]
    first_es: Sequence[str]
    last_es: Sequence[str]
    word_en: Sequence[str]
    word_es: Sequence[str]


def half(pool: Sequence[str], part: int) -> list[str]:
    """Every other entry, so each file's half spreads over the whole pool."""
    return [item for index, item in enumerate(pool) if index % 2 == part]


def pools_for(part: int) -> Pools:
    return Pools(
        first_en=half(FIRST_EN, part),
        last_en=half(LAST_EN, part),
        first_es=half(FIRST_ES, part),
        last_es=half(LAST_ES, part),
        word_en=half(WORD_NAMES_EN, part),
        word_es=half(WORD_NAMES_ES, part),
    )


class Values:
    def __init__(self, rng: random.Random, pools: Pools) -> None:
        self.rng = rng
        self.pools = pools

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(options)

    def digits(self, count: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(count))

    # Names -----------------------------------------------------------------------------

    def gendered(self, pool: Sequence[str], gender: str | None) -> str:
        if gender is not None:
            pool = [name for name in pool if (name in FEMALE) == (gender == "f")]
        return self.pick(pool)

    def first(self, lang: str, gender: str | None = None) -> Made:
        pool = self.pools.first_es if lang == "es" else self.pools.first_en
        return self.gendered(pool, gender), ""

    def last(self, lang: str) -> Made:
        pool = self.pools.last_es if lang == "es" else self.pools.last_en
        return self.pick(pool), ""

    def name(self, lang: str, gender: str | None = None) -> Made:
        first, _ = self.first(lang, gender)
        last, _ = self.last(lang)
        roll = self.rng.random()
        if lang == "es" and roll < 0.35:
            second, _ = self.last(lang)
            joiner = "-" if self.rng.random() < 0.15 else " "
            return f"{first} {last}{joiner}{second}", "hard: name with two surnames"
        if lang == "en" and roll < 0.12:
            initial = self.pick("ABCDEFGHJKLMNPRSTW")
            return f"{first} {initial}. {last}", "hard: name with a middle initial"
        return f"{first} {last}", ""

    def word_name(self, lang: str, gender: str | None = None) -> Made:
        pool = self.pools.word_es if lang == "es" else self.pools.word_en
        return self.gendered(pool, gender), WORD_NAME

    # Contact ---------------------------------------------------------------------------

    def email(self, lang: str) -> Made:
        first = strip_accents(self.first(lang)[0]).lower().replace("'", "")
        last = strip_accents(self.last(lang)[0]).lower().replace("'", "").replace(" ", "")
        local = self.pick(
            [
                f"{first}.{last}",
                f"{first[0]}{last}",
                f"{first}{last}{self.rng.randrange(1, 99)}",
                f"{first}_{last}",
                f"{last}.{first[0]}",
                f"{first}{self.rng.randrange(1950, 2005)}",
            ]
        )
        note = ""
        roll = self.rng.random()
        if roll < 0.25:
            tag = self.pick(["irs", "ssa", "uscis", "va", "parks", "taxes", "benefits", "gov"])
            local, note = f"{local}+{tag}", "hard: email with a plus tag"
        domain = self.pick(["example.com", "example.org", "example.net", "example.gov"])
        if self.rng.random() < 0.3:
            sub = self.pick(["mail", "correo", "home", "agency", "students", "us.mail", "lists"])
            domain = f"{sub}.{domain}"
            note = "; ".join(filter(None, [note, "hard: email with a subdomain"]))
        if self.rng.random() < 0.08:
            local = local.capitalize()
        return f"{local}@{domain}", note

    def phone(self, lang: str) -> Made:
        area = self.pick(
            [
                "202",
                "213",
                "305",
                "312",
                "404",
                "512",
                "602",
                "617",
                "702",
                "713",
                "787",
                "939",
                "915",
                "210",
                "956",
                "505",
                "773",
                "347",
                "718",
                "646",
                "800",
                "888",
                "877",
            ]
        )
        line = f"01{self.rng.randrange(100):02d}"
        forms = [
            (f"({area}) 555-{line}", ""),
            (f"{area}-555-{line}", ""),
            (f"{area}.555.{line}", ""),
            (f"{area} 555 {line}", "hard: phone written with spaces"),
            (f"{area}555{line}", "hard: phone number without separators"),
            (f"+1 {area}-555-{line}", "hard: phone with a country code"),
            (f"1-{area}-555-{line}", ""),
            (f"+1 ({area}) 555-{line}", "hard: phone with a country code"),
            (f"555-{line}", "hard: seven-digit local number"),
        ]
        weights = [5, 5, 2, 2, 2, 2, 2, 1, 1]
        return self.rng.choices(forms, weights)[0]

    # Government numbers ----------------------------------------------------------------

    def ssn(self, lang: str) -> Made:
        area = self.rng.randrange(1, 900)
        while area == 666:
            area = self.rng.randrange(1, 900)
        group, serial = self.rng.randrange(1, 100), self.rng.randrange(1, 10000)
        a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
        forms = [
            (f"{a}-{g}-{s}", ""),
            (f"{a} {g} {s}", "hard: SSN written with spaces"),
            (f"{a}{g}{s}", "hard: SSN without separators"),
            (f"{a}.{g}.{s}", "hard: SSN written with dots"),
        ]
        return self.rng.choices(forms, [6, 3, 2, 1])[0]

    def itin(self, lang: str) -> Made:
        middle = self.rng.choice([*range(70, 89), 90, 91, 92, *range(94, 100)])
        text = f"9{self.digits(2)}-{middle}-{self.digits(4)}"
        if self.rng.random() < 0.2:
            text = text.replace("-", " ")
        return text, "hard: ITIN"

    def ein(self, lang: str) -> Made:
        return f"{self.pick([str(p) for p in EIN_PREFIXES])}-{self.digits(7)}", "hard: EIN"

    def a_number(self, lang: str) -> Made:
        if self.rng.random() < 0.2:
            d = self.digits(8)
            return self.pick([f"A{d}", f"A-{d}", f"A{d[:2]}-{d[2:5]}-{d[5:]}"]), ""
        d = self.pick(["0", "2"]) + self.digits(8)
        forms = [
            (f"A-{d[:3]}-{d[3:6]}-{d[6:]}", "hard: A-number written A-123-456-789"),
            (f"A{d}", "hard: A-number written A123456789"),
            (f"A {d[:3]} {d[3:6]} {d[6:]}", "hard: A-number written with spaces"),
            (f"A#{d}", ""),
            (f"A-{d}", ""),
        ]
        return self.rng.choices(forms, [4, 4, 1, 1, 1])[0]

    def passport(self, lang: str) -> Made:
        if self.rng.random() < 0.45:
            letter = self.pick("ABCEFGHJKLMNPRSTXZ")
            return f"{letter}{self.digits(8)}", "hard: passport number starting with a letter"
        return str(self.rng.randrange(1, 10)) + self.digits(8), ""

    # Money -----------------------------------------------------------------------------

    def card(self, lang: str) -> Made:
        kind = self.rng.choices(["visa", "mc", "amex", "discover"], [5, 4, 2, 1])[0]
        prefix = {
            "visa": "4",
            "mc": str(self.rng.randrange(51, 56)),
            "amex": "37",
            "discover": "6011",
        }[kind]
        length = 15 if kind == "amex" else 16
        body = prefix + self.digits(length - len(prefix) - 1)
        check = next(str(c) for c in range(10) if luhn_valid(body + str(c)))
        number = body + check
        if kind == "amex":
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i : i + 4] for i in range(0, 16, 4)]
        separator = self.rng.choices([" ", "-", ""], [5, 2, 2])[0]
        note = "hard: card number without separators" if not separator else ""
        return separator.join(groups), note

    def account(self, lang: str) -> Made:
        length = self.rng.randrange(8, 14)
        text = self.digits(length)
        if self.rng.random() < 0.1:
            text = text[:4] + "-" + text[4:]
        return text, ""

    def routing(self, lang: str) -> Made:
        while True:
            prefix = f"{self.pick([f'{p:02d}' for p in ROUTING_PREFIXES])}"
            body = prefix + self.digits(6)
            for check in range(10):
                if aba_valid(body + str(check)):
                    return body + str(check), ""

    def nonluhn(self, lang: str) -> Made:
        while True:
            number = self.pick("123456789") + self.digits(15)
            if not luhn_valid(number):
                return " ".join(number[i : i + 4] for i in range(0, 16, 4)), ""

    # Places ----------------------------------------------------------------------------

    def street_en(self) -> str:
        number = str(
            self.rng.choice(
                [
                    self.rng.randrange(1, 100),
                    self.rng.randrange(100, 10000),
                    self.rng.randrange(10000, 30000),
                ]
            )
        )
        direction = self.pick(["", "", "", "N. ", "S ", "E. ", "W "])
        return f"{number} {direction}{self.pick(STREETS_EN)} {self.pick(SUFFIXES_EN)}"

    def unit_en(self) -> str:
        n = self.pick(
            [
                str(self.rng.randrange(1, 40)),
                f"{self.rng.randrange(1, 9)}{self.pick('ABCD')}",
                str(self.rng.randrange(100, 900)),
            ]
        )
        return self.pick(UNITS_EN).format(n=n)

    def street_es(self) -> str:
        number = str(self.rng.randrange(1, 3000))
        kind = self.pick(["calle", "Calle", "avenida", "Avenida", "Av.", "Calle", "calle"])
        if self.rng.random() < 0.3:
            return f"{kind} {self.pick(STREETS_ES)} #{number}"
        if self.rng.random() < 0.2:
            return f"Calle {self.rng.randrange(1, 30)} #{number}, Urb. {self.pick(URBANIZACIONES)}"
        return f"{kind} {self.pick(STREETS_ES)} {number}"

    def unit_es(self) -> str:
        n = self.pick(
            [str(self.rng.randrange(1, 30)), f"{self.rng.randrange(1, 9)}{self.pick('ABCD')}"]
        )
        return self.pick(
            ["apto. {n}", "apartamento {n}", "depto. {n}", "interior {n}", "Apt {n}"]
        ).format(n=n)

    def address(self, lang: str) -> Made:
        notes = []
        if lang == "es" and self.rng.random() < 0.7:
            street = self.street_es()
            notes.append("hard: Spanish address (calle/avenida)")
            city, state, zip_code = self.rng.choice(CITIES_ES)
        else:
            street = self.street_en()
            city, state, zip_code = self.rng.choice(CITIES_ES if lang == "es" else CITIES_EN)
        parts = [street]
        if self.rng.random() < 0.3:
            spanish_street = lang == "es" and street[0] in "cCA" and "Urb." not in street
            parts.append(self.unit_es() if spanish_street else self.unit_en())
            notes.append("hard: apartment/unit number")
        if self.rng.random() < 0.15:
            zip_code = f"{zip_code}-{self.digits(4)}"
        parts.append(f"{city}, {state} {zip_code}")
        return ", ".join(parts), "; ".join(notes)

    def street(self, lang: str) -> Made:
        """A street address with no city, state or ZIP code."""
        notes = ["hard: address without a ZIP code"]
        if lang == "es" and self.rng.random() < 0.7:
            text = self.street_es()
            notes.append("hard: Spanish address (calle/avenida)")
            if self.rng.random() < 0.35 and "Urb." not in text:
                text = f"{text}, {self.unit_es()}"
                notes.append("hard: apartment/unit number")
        else:
            text = self.street_en()
            if self.rng.random() < 0.35:
                text = f"{text}, {self.unit_en()}"
                notes.append("hard: apartment/unit number")
        return text, "; ".join(notes)

    def po_box(self, lang: str) -> Made:
        number = str(self.rng.randrange(1, 9999))
        if lang == "es" and self.rng.random() < 0.5:
            box = f"Apartado {number}"
            city, state, zip_code = self.rng.choice(CITIES_ES[:6])
        else:
            box = f"{self.pick(['P.O. Box', 'PO Box', 'P.O. Box', 'Post Office Box'])} {number}"
            city, state, zip_code = self.rng.choice(CITIES_ES if lang == "es" else CITIES_EN)
        if self.rng.random() < 0.3:
            return box, "hard: PO box; address without a ZIP code"
        return f"{box}, {city}, {state} {zip_code}", "hard: PO box"

    # Dates -----------------------------------------------------------------------------

    def date_parts(self, first_year: int, last_year: int) -> tuple[int, int, int]:
        return (
            self.rng.randrange(first_year, last_year + 1),
            self.rng.randrange(1, 13),
            self.rng.randrange(1, 29),
        )

    def dob(self, lang: str) -> Made:
        year, month, day = self.date_parts(1932, 2006)
        if lang == "es":
            forms = [
                f"{day:02d}/{month:02d}/{year}",
                f"{day}/{month}/{year}",
                f"{day} de {MONTHS_ES[month - 1]} de {year}",
                f"{day}-{month:02d}-{year}",
                f"{year}-{month:02d}-{day:02d}",
            ]
            return self.rng.choices(forms, [4, 2, 4, 1, 1])[0], ""
        forms = [
            f"{month:02d}/{day:02d}/{year}",
            f"{month}/{day}/{year % 100:02d}",
            f"{MONTHS_EN[month - 1]} {day}, {year}",
            f"{MONTHS_EN[month - 1][:3]}. {day}, {year}",
            f"{day} {MONTHS_EN[month - 1]} {year}",
            f"{year}-{month:02d}-{day:02d}",
            f"{month:02d}-{day:02d}-{year}",
        ]
        return self.rng.choices(forms, [4, 2, 4, 1, 1, 1, 1])[0], ""

    def claim(self, lang: str) -> Made:
        return f"CLM-{self.rng.randrange(2019, 2027)}-{self.digits(7)}", ""

    # Fillers that are not personal information ----------------------------------------------

    def money(self, lang: str) -> Made:
        dollars = self.rng.choice([self.rng.randrange(10, 999), self.rng.randrange(1000, 99999)])
        cents = self.rng.randrange(100)
        return self.pick([f"${dollars:,}.{cents:02d}", f"${dollars:,}"]), (
            "hard: an amount, not a phone number"
        )

    def isodate(self, lang: str) -> Made:
        year, month, day = self.date_parts(2022, 2026)
        return f"{year}-{month:02d}-{day:02d}", "hard: an ISO date, not a phone number"

    def apptdate(self, lang: str) -> Made:
        year, month, day = self.date_parts(2023, 2026)
        if lang == "es":
            text = self.pick(
                [
                    f"{day} de {MONTHS_ES[month - 1]}",
                    f"{day:02d}/{month:02d}/{year}",
                    f"{day} de {MONTHS_ES[month - 1]} de {year}",
                ]
            )
        else:
            text = self.pick(
                [
                    f"{month}/{day}/{year}",
                    f"{MONTHS_EN[month - 1]} {day}",
                    f"{MONTHS_EN[month - 1]} {day}, {year}",
                    f"{month:02d}/{day:02d}",
                ]
            )
        return text, "hard: an appointment date, not a birth date"

    def timerange(self, lang: str) -> Made:
        start_h, start_m = self.rng.randrange(7, 12), self.pick(["00", "15", "30", "45"])
        end_h, end_m = start_h + self.rng.randrange(1, 3), self.pick(["00", "15", "30", "45"])
        text = f"{start_h}:{start_m}-{end_h}:{end_m}"
        if lang == "es":
            text = f"de {start_h}:{start_m} a {end_h}:{end_m}"
        return text, "hard: a time range, not a phone number"

    def zip4(self, lang: str) -> Made:
        zip_code = self.pick([c[2] for c in CITIES_EN]) if lang == "en" else "20001"
        return f"{zip_code}-{self.digits(4)}", "hard: a ZIP+4 on its own"

    def conf(self, lang: str) -> Made:
        text = f"#{self.pick('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.digits(7)}{self.pick('ABCDEFGHJK')}"
        return text, "hard: a confirmation number"

    def count(self, lang: str) -> Made:
        return f"{self.rng.randrange(1000, 99999):,}", "hard: a count"

    def nonluhn_filler(self, lang: str) -> Made:
        return self.nonluhn(lang)[0], "hard: 16-digit number that fails the Luhn check"

    def omb(self, lang: str) -> Made:
        return f"{self.rng.randrange(1000, 3300)}-{self.digits(4)}", "hard: an OMB control number"

    def form(self, lang: str) -> Made:
        return self.pick(
            [
                "I-765",
                "I-130",
                "N-400",
                "I-90",
                "DS-11",
                "DS-82",
                "1040-SR",
                "W-2",
                "1099-G",
                "SF-180",
                "DD-214",
                "21-526EZ",
                "SSA-44",
                "SS-5",
                "I-485",
                "8821",
                "4506-T",
                "W-7",
            ]
        ), ""


# Slot name -> (the type it is annotated with, or None for a filler; the maker).
SLOTS: dict[str, tuple[str | None, Callable[[Values, str], Made]]] = {
    "NAME": ("NAME", Values.name),
    "FIRST": ("NAME", Values.first),
    "LAST": ("NAME", Values.last),
    "WORDNAME": ("NAME", Values.word_name),
    "FNAME": ("NAME", lambda v, lang: v.name(lang, "f")),
    "MNAME": ("NAME", lambda v, lang: v.name(lang, "m")),
    "FFIRST": ("NAME", lambda v, lang: v.first(lang, "f")),
    "MFIRST": ("NAME", lambda v, lang: v.first(lang, "m")),
    "FWORDNAME": ("NAME", lambda v, lang: v.word_name(lang, "f")),
    "EMAIL": ("EMAIL", Values.email),
    "PHONE": ("PHONE", Values.phone),
    "SSN": ("SSN", Values.ssn),
    "ITIN": ("TIN", Values.itin),
    "EIN": ("TIN", Values.ein),
    "TIN": ("TIN", lambda v, lang: v.itin(lang) if v.rng.random() < 0.5 else v.ein(lang)),
    "ANUM": ("A_NUMBER", Values.a_number),
    "A_NUMBER": ("A_NUMBER", Values.a_number),
    "PASSPORT": ("PASSPORT", Values.passport),
    "CARD": ("CARD", Values.card),
    "ACCOUNT": ("BANK_ACCOUNT", Values.account),
    "BANK_ACCOUNT": ("BANK_ACCOUNT", Values.account),
    "ROUTING": ("ROUTING_NUMBER", Values.routing),
    "ROUTING_NUMBER": ("ROUTING_NUMBER", Values.routing),
    "ADDRESS": ("ADDRESS", Values.address),
    "STREET": ("ADDRESS", Values.street),
    "POBOX": ("ADDRESS", Values.po_box),
    "DOB": ("DOB", Values.dob),
    "CLAIM": ("CLAIM_NUMBER", Values.claim),
    "CLAIM_NUMBER": ("CLAIM_NUMBER", Values.claim),
    "money": (None, Values.money),
    "isodate": (None, Values.isodate),
    "apptdate": (None, Values.apptdate),
    "timerange": (None, Values.timerange),
    "zip4": (None, Values.zip4),
    "conf": (None, Values.conf),
    "count": (None, Values.count),
    "nonluhn": (None, Values.nonluhn_filler),
    "omb": (None, Values.omb),
    "form": (None, Values.form),
}


# --------------------------------------------------------------------------------------------
# Templates. {SLOT} is a value from SLOTS; ((a|b|c)) picks one wording (an empty one is
# allowed). Grouped by the type they are written for; a third of every group goes to the
# development file and the rest to the held-out file.
# --------------------------------------------------------------------------------------------

Template = tuple[str, str]  # (topic, text)

# fmt: off
TEMPLATES_EN: dict[str, list[Template]] = {
    "NAME": [
        ("contact", "((Huge thanks|Thank you|Kudos)) to {NAME}, who ((stayed on the line|kept at it|did not give up)) until my ((payment|case|account)) was fixed."),
        ("any", "{FIRST} at the ((front desk|second window|intake counter|information booth)) was ((so helpful|rude to my mother|patient with us|incredibly kind|dismissive))."),
        ("contact", "I spoke with {FFIRST} ((on Tuesday|yesterday|last week|this morning)) and she promised a callback that never came."),
        ("immigration", "Officer {LAST} ((conducted|ran)) my interview ((professionally|respectfully|in a hurry)) and ((explained|did not explain)) the next steps."),
        ("veterans", "My ((late husband|father|brother|son)) {MNAME} ((served|was deployed)) ((in Vietnam|in Iraq|two tours|in the Gulf)) and his benefits ((were cut|never arrived|are still pending))."),
        ("parks", "Ranger {FIRST} ((led|gave)) ((a great|the best|an amazing)) ((night sky program|tide pool walk|history talk)) and answered every question."),
        ("benefits", "I am writing for my ((mother|grandmother|aunt)), {FNAME}, who ((does not speak English|cannot use a computer|is in a nursing home))."),
        ("passports", "The acceptance agent, {NAME}, ((caught a mistake on|re-did|double-checked)) my ((DS-11|DS-82|photo)) before I mailed it."),
        ("taxes", "{NAME} at the Taxpayer Assistance Center ((fixed|explained|sorted out)) my ((refund offset|amended return|payment plan))."),
        ("any", "{WORDNAME} ((at the front desk|on the phone|in the back office|at window 3)) ((helped me|was wonderful|knew exactly what to do|got it sorted))."),
        ("any", "((The|A)) ((rep|person|clerk|supervisor)) named {WORDNAME} ((answered|picked up)) ((after an hour|right away|on the first ring))."),
        ("contact", "{WORDNAME} ((was|seemed)) ((new|rushed|great|lovely)) but ((transferred me|put me on hold|found my file in seconds))."),
        ("veterans", "((Our|My)) VSO, {NAME}, ((filed|helped with)) the ((appeal|claim|paperwork)) ((in a week|for free|when nobody else would))."),
        ("immigration", "My ((attorney|lawyer|paralegal)), {NAME}, ((says|told me)) the ((biometrics|interview)) notice ((never came|went to the wrong address))."),
        ("contact", "((Please promote|Give a raise to|Ask for)) {NAME}((.|!| in the billing unit.))"),
        ("benefits", "Mr. {LAST} ((at the field office|in the disability unit)) ((treated me like a person|lost my paperwork twice))."),
        ("parks", "Volunteer {WORDNAME} at the ((visitor center|trailhead|campground host site)) ((gave us maps|warned us about the storm|was a delight))."),
        ("any", "((Ms.|Mrs.|Dr.)) {LAST} ((explained|walked me through)) ((everything|the appeal|the forms)) ((in plain English|twice|patiently))."),
    ],
    "EMAIL": [
        ("any", "((Please|Kindly)) ((email|write to)) me at {EMAIL} ((with any updates|instead of mailing letters|when my case moves))."),
        ("contact", "I ((never got|didn't receive)) the ((confirmation|verification)) email at {EMAIL}((.| even after three tries.))"),
        ("any", "My email ((is|changed to)) {EMAIL}((, please update it.|; the old one is closed.|.))"),
        ("immigration", "((Send|Forward)) the ((notice|receipt|interview letter)) to {EMAIL}, my ((attorney's|daughter's)) address."),
        ("taxes", "The ((online account|login)) ((keeps sending|sent)) codes to {EMAIL} which I ((can't access|no longer use))."),
        ("parks", "Our reservation ((confirmation|receipt)) went to {EMAIL} but the ranger said it wasn't valid."),
        ("veterans", "((Contact|Reach)) me at {EMAIL}((, I check it daily| - my phone is off most days))."),
    ],
    "PHONE": [
        ("contact", "((Please|Can someone)) call me back at {PHONE}((, I've been on hold for hours| between 9 and 5| any time))."),
        ("any", "My ((cell|phone number|number)) is {PHONE} and ((nobody has called|I'm available after 3|you can leave a voicemail))."),
        ("contact", "The callback feature never called {PHONE}((, I waited all day.|.))"),
        ("benefits", "I ((changed|updated)) my number to {PHONE} but ((letters|texts)) still go to the old one."),
        ("veterans", "((Reach|Contact)) my ((wife|caregiver|son)) at {PHONE}((, she handles my appointments| if I don't answer))."),
        ("any", "Text {PHONE} ((when the card is ready|with the appointment time))."),
        ("immigration", "((My attorney's|Our)) office number is {PHONE}((, ext. 12|))."),
        ("passports", "I left my number, {PHONE}, with the passport agency ((three times|on Monday)) and nobody called."),
    ],
    "SSN": [
        ("benefits", "My ((SSN|Social Security number|social)) is {SSN} ((if you need to look me up|and my benefits stopped in March|and it shows a different name))."),
        ("benefits", "The letter ((shows|printed)) my full ((SSN|Social Security number)) ({SSN}) ((right in the envelope window|on the outside))."),
        ("taxes", "((Someone|A scammer)) filed a return using my SSN {SSN}((, I need an IP PIN| and my refund is frozen))."),
        ("benefits", "SS# {SSN} - ((please check|I need to know)) ((why my payment is late|my earnings record))."),
        ("veterans", "((My|The veteran's)) social security number is {SSN}; the VA has it wrong ((in two places|on the award letter))."),
        ("any", "I had to ((say|spell out|repeat)) my SSN {SSN} ((out loud in a crowded lobby|to three different agents))."),
    ],
    "TIN": [
        ("taxes", "My ITIN {ITIN} ((expired|was deactivated)) and ((nobody told me|my refund was held))."),
        ("taxes", "We applied for an ITIN for my ((husband|wife|son)) and ((got|received)) {ITIN} ((after 14 weeks|only after calling five times))."),
        ("taxes", "Our ((business|nonprofit|LLC)) EIN is {EIN} and ((the penalty notice is wrong|we never got the 147C letter))."),
        ("taxes", "EIN {EIN}: ((we filed the 941 on time|the payroll deposit was applied to the wrong quarter))."),
        ("taxes", "((Taxpayer ID|TIN)) {TIN} ((shows a balance we already paid|is on every letter but nobody can read the account))."),
        ("taxes", "Employer identification number {EIN} ((was assigned to|belongs to)) my ((bakery|church|daycare)), not to the other company."),
    ],
    "A_NUMBER": [
        ("immigration", "My A-number is {ANUM} and ((my case status page shows nothing|the online account won't link))."),
        ("immigration", "((Alien registration number|A-Number|My A number)) {ANUM}: ((biometrics were done in May|interview was rescheduled twice)) and ((nothing since|no decision))."),
        ("immigration", "They mixed up my file with someone else's; my A number is {ANUM}."),
        ("immigration", "My ((son's|wife's|mother's)) A-number ({ANUM}) is on the notice but the name is wrong."),
        ("immigration", "Please link {ANUM} to my online account, the agent on the phone ((couldn't|said it would take 30 days))."),
    ],
    "PASSPORT": [
        ("passports", "My passport number is {PASSPORT} and ((the status tool says not found|it shows as cancelled))."),
        ("passports", "((I reported|We reported)) passport {PASSPORT} stolen ((in Rome|last summer|at the airport)) and ((the replacement|the new one)) ((never came|took 10 weeks))."),
        ("passports", "Passport no. {PASSPORT} expires ((next month|in March)) and I ((can't get an appointment|have a trip on the 2nd))."),
        ("passports", "The renewal ((form|site)) rejected my old passport number, {PASSPORT}, ((three times|for no reason))."),
        ("immigration", "I brought my ((foreign|Mexican|Guatemalan)) passport ({PASSPORT}) but they wanted a different ID."),
        ("passports", "((My|Our)) ((son's|daughter's)) passport, number {PASSPORT}, ((was mailed to the wrong address|arrived damaged))."),
    ],
    "CARD": [
        ("parks", "I paid for the ((campsite|permit|annual pass)) with card {CARD} and was charged ((twice|three times|the wrong amount))."),
        ("passports", "((My card|Card number)) {CARD} was ((declined|charged)) for the expedite fee ((but the application shows unpaid|even though I cancelled))."),
        ("contact", "The agent asked me to read my ((credit|debit)) card number ({CARD}) over the phone, is that safe?"),
        ("taxes", "I ((paid|made a payment)) with {CARD} on the payment site and ((it isn't showing|got a penalty anyway))."),
        ("any", "((Refund|Credit)) the charge on {CARD}((, please|, I never received the item))."),
        ("parks", "Visa {CARD} ((was used|got charged)) for a reservation I didn't make."),
    ],
    "BANK_ACCOUNT": [
        ("benefits", "Please deposit to account {ACCOUNT}((, routing {ROUTING}|)) ((at my credit union|instead of the prepaid card))."),
        ("taxes", "My refund went to account {ACCOUNT}, which ((was closed|belongs to my ex|I never opened))."),
        ("benefits", "Checking account {ACCOUNT} ((is the right one|has been on file since 2019)) and the payment still bounced."),
        ("veterans", "Direct deposit: routing number {ROUTING}, account number {ACCOUNT}. ((Please confirm.|It was entered wrong.))"),
        ("taxes", "Bank account {ACCOUNT} and routing {ROUTING} are on my return ((but the refund came by check|and the deposit failed))."),
        ("benefits", "((My|The)) savings account number is {ACCOUNT}; ((the payment is missing|you have an old one))."),
    ],
    "ROUTING_NUMBER": [
        ("benefits", "The routing number {ROUTING} ((is correct|was typed wrong on your end)) ((and|but)) my payment ((bounced|is missing))."),
        ("taxes", "ABA routing {ROUTING}((, please fix|, the bank says it's valid))."),
        ("veterans", "((Use|Update to)) routing {ROUTING} for my ((pension|disability)) payments."),
        ("benefits", "Routing {ROUTING} and account {ACCOUNT} belong to my new bank, not the old one."),
    ],
    "ADDRESS": [
        ("any", "((Please update|Update)) my address to {ADDRESS}((.| before the next letter goes out.))"),
        ("benefits", "I ((moved|have lived)) at {ADDRESS} ((since May|since 2021)) and ((the checks|the letters)) still go to my old place."),
        ("passports", "Mail the passport to {ADDRESS}((, not my work.|, it's a locked mailbox.|.))"),
        ("veterans", "I live at {STREET} and the VA keeps sending mail to ((my old unit|a house I sold))."),
        ("any", "((My mail goes to|Send everything to)) {POBOX} ((because packages get stolen|since I'm rural))."),
        ("parks", "We ((stayed|live)) near the park at {STREET} and ((the road noise|the detour)) was not posted."),
        ("immigration", "((Our|My)) new address is {ADDRESS}; I filed the AR-11 ((online|twice))."),
        ("contact", "The agent ((read back|confirmed)) {STREET} ((but wrote it wrong|and it still shows the old one))."),
        ("benefits", "Home address: {ADDRESS}. Mailing address: {POBOX}."),
    ],
    "DOB": [
        ("benefits", "((I was born on|My date of birth is|DOB:|Date of birth)) {DOB}((, and the system has it wrong.| and I turn 62 next month.|.))"),
        ("passports", "My ((son|daughter|baby))'s date of birth ({DOB}) was printed wrong on the passport."),
        ("benefits", "Born {DOB}, ((retired in 2023|disabled since 2019)), and still waiting on my first check."),
        ("veterans", "Veteran, DOB {DOB}, ((Army|Navy|Marines|Air Force)), ((need my records|claim pending for a year))."),
        ("any", "They could not verify me because my birth date {DOB} ((did not match|was entered as another day))."),
    ],
    "CLAIM_NUMBER": [
        ("any", "My claim number is {CLAIM} and ((it has been pending since spring|nobody can find it|the status page shows an error))."),
        ("benefits", "((Claim|Re: claim)) {CLAIM} - ((please escalate|I uploaded the documents twice|denied with no reason))."),
        ("veterans", "Claim {CLAIM} ((was closed|went to the wrong regional office)) ((without a decision letter|in error))."),
        ("contact", "I gave the agent my claim number ({CLAIM}) and ((she couldn't pull it up|got transferred four times))."),
    ],
    "MIXED": [
        ("benefits", "I'm {NAME}, ((DOB|born)) {DOB}, SSN {SSN}. The payment of {money} never arrived."),
        ("passports", "Applied on {apptdate} for my daughter {FFIRST}; her passport ({PASSPORT}) ((still hasn't come|was mailed to the wrong address))."),
        ("immigration", "Interview on {apptdate}, {timerange}. A-number {ANUM}. The officers were ((kind|late))."),
        ("parks", "Reservation {conf} for site 42, paid {money} with card {CARD}."),
        ("contact", "{NAME} here, {PHONE}. ((I waited|Spent)) ((40|95)) minutes to be told to call back."),
        ("taxes", "Refund of {money} for EIN {EIN} is ((late|missing)); the letter dated {isodate} says it was sent."),
        ("veterans", "{NAME}, claim {CLAIM}, ((phone|cell)) {PHONE}. ((Please call.|Still waiting.))"),
        ("benefits", "My name is {NAME} and I live at {ADDRESS}; ((nobody answers|the office is always closed))."),
        ("any", "Contact {FIRST} at {EMAIL} or {PHONE}."),
    ],
}

TEMPLATES_ES: dict[str, list[Template]] = {
    "NAME": [
        ("any", "{FIRST} en la ((ventanilla|recepción|oficina)) ((fue muy amable|me ayudó mucho|no quiso ayudarme|me trató con respeto))."),
        ("contact", "Hablé con {FIRST} ((ayer|el martes|la semana pasada)) y ((me prometió|me dijo que me darían)) una llamada que nunca llegó."),
        ("immigration", "El oficial {LAST} ((hizo|condujo)) mi entrevista con ((respeto|prisa|mucha paciencia))."),
        ("benefits", "Escribo por mi ((mamá|abuela|tía|suegra)), {FNAME}, que ((no habla inglés|no sabe usar la computadora|está en un asilo))."),
        ("veterans", "Mi ((esposo|padre|hermano|hijo)) {MNAME} ((sirvió en el ejército|fue veterano de Irak|estuvo en la Marina)) y ((le quitaron los beneficios|todavía espera su pensión))."),
        ("any", "((Gracias|Muchas gracias|Un agradecimiento especial)) a {NAME} por ((su paciencia|resolver mi problema|explicarme todo))."),
        ("any", "{WORDNAME} ((en la ventanilla|por teléfono|en recepción)) ((me atendió muy bien|fue muy amable|resolvió todo))."),
        ("any", "La ((señora|señorita|licenciada)) {FWORDNAME} ((nos ayudó|me explicó los requisitos|fue grosera))."),
        ("parks", "El guardabosques {MFIRST} ((nos dio un recorrido|nos explicó la historia del parque|fue muy amable con los niños))."),
        ("passports", "La agente {FNAME} ((revisó|corrigió)) mi ((solicitud|foto|formulario DS-11)) antes de enviarla."),
        ("taxes", "{NAME} del centro de asistencia del IRS ((me ayudó con|me explicó)) ((el reembolso|el plan de pagos|la enmienda))."),
        ("contact", "Pidan hablar con {NAME}, ((sabe mucho|es quien contesta|resolvió lo mío en minutos))."),
        ("any", "((Doña|La señora)) {FWORDNAME} ((nos atendió|nos explicó todo)) ((con cariño|con calma|en español))."),
        ("immigration", "Mi abogada, {FNAME}, dice que ((la cita|el aviso)) ((nunca llegó|se mandó a otra dirección))."),
        ("contact", "La persona que me atendió se llamaba {WORDNAME} y ((fue muy paciente|me colgó))."),
    ],
    "EMAIL": [
        ("any", "((Por favor|Favor de)) escríbanme a {EMAIL} ((con cualquier novedad|en lugar de mandar cartas))."),
        ("any", "Mi correo ((es|nuevo es)) {EMAIL}((, por favor actualícenlo.|; el anterior ya no existe.|.))"),
        ("contact", "Nunca ((recibí|me llegó)) el correo de confirmación a {EMAIL}."),
        ("immigration", "Manden ((la cita|el aviso|la notificación)) a {EMAIL}, es el correo de mi ((abogada|hija|hijo))."),
        ("taxes", "El código de verificación ((llega|se envía)) a {EMAIL} y ya no tengo acceso a esa cuenta."),
        ("parks", "La reservación se mandó a {EMAIL} pero en la entrada dijeron que no era válida."),
    ],
    "PHONE": [
        ("contact", "Llámenme al {PHONE}((, por favor| en las mañanas| después de las 5))."),
        ("any", "Mi ((teléfono|celular|número)) es el {PHONE} ((y nadie me ha llamado|por si necesitan algo|para que me manden mensaje))."),
        ("benefits", "Cambié mi número al {PHONE} pero los mensajes siguen llegando al anterior."),
        ("veterans", "Pueden comunicarse con mi ((esposa|hija|cuidadora)) al {PHONE}."),
        ("contact", "Dejé mi número {PHONE} ((tres veces|en el buzón|con la operadora)) y nunca me regresaron la llamada."),
        ("immigration", "El teléfono de la oficina de mi abogado es {PHONE}((, extensión 4|))."),
    ],
    "SSN": [
        ("benefits", "Mi número de seguro social es {SSN} ((y no me llega el pago|por si necesitan buscarme|y aparece otro nombre))."),
        ("taxes", "Alguien usó mi seguro social {SSN} para ((declarar impuestos|pedir un préstamo))."),
        ("benefits", "La carta trae mi número de seguro social completo ({SSN}) ((a la vista|en la ventanilla del sobre))."),
        ("any", "Tuve que decir mi seguro social, {SSN}, ((en voz alta|frente a todos)) en la sala de espera."),
        ("veterans", "SSN del veterano: {SSN}. ((Tienen mal|No encuentran)) su expediente."),
    ],
    "TIN": [
        ("taxes", "Mi ITIN {ITIN} ((venció|fue desactivado)) y ((no me avisaron|retuvieron mi reembolso))."),
        ("taxes", "El EIN de mi ((negocio|taller|restaurante)) es {EIN} y ((la multa está mal|no nos llegó la carta))."),
        ("taxes", "Número de identificación del contribuyente {ITIN}, ((por favor revisen|el reembolso sigue retenido))."),
        ("taxes", "Solicité el ITIN para mi ((esposo|esposa|hijo)) y nos dieron el {ITIN} ((después de 4 meses|tras muchas llamadas))."),
        ("taxes", "Número de identificación patronal {EIN}: ((pagamos a tiempo|el depósito se aplicó mal))."),
    ],
    "A_NUMBER": [
        ("immigration", "Mi número A es {ANUM} y ((la página no muestra nada|no puedo vincular mi cuenta))."),
        ("immigration", "Número de registro de extranjero {ANUM}; ((me tomaron huellas en mayo|reprogramaron la entrevista dos veces))."),
        ("immigration", "El número A de mi ((hijo|esposa|mamá)) es {ANUM} y el aviso trae otro nombre."),
        ("immigration", "Confundieron mi expediente con el de otra persona; mi número de extranjero es {ANUM}."),
        ("immigration", "((Número A:|Número de extranjero:)) {ANUM}. ((Llevo un año esperando|No me han dado cita))."),
    ],
    "PASSPORT": [
        ("passports", "El número de mi pasaporte es {PASSPORT} y ((dice que no existe|aparece cancelado))."),
        ("passports", "Reporté el pasaporte {PASSPORT} como robado y ((el nuevo no llega|tardaron 10 semanas))."),
        ("passports", "Pasaporte núm. {PASSPORT}, vence ((el próximo mes|en marzo)) y no hay citas."),
        ("immigration", "Llevé mi pasaporte ((mexicano|guatemalteco|hondureño)) número {PASSPORT} y no lo aceptaron."),
        ("passports", "El pasaporte de mi ((hija|hijo)), número {PASSPORT}, ((llegó dañado|se mandó a otra dirección))."),
    ],
    "CARD": [
        ("parks", "Pagué el ((campamento|permiso|pase anual)) con la tarjeta {CARD} y me cobraron ((dos veces|de más))."),
        ("passports", "La tarjeta {CARD} fue ((rechazada|cobrada)) ((para el trámite urgente|aunque cancelé la cita))."),
        ("contact", "Me pidieron el número de mi tarjeta ({CARD}) por teléfono, ¿eso es seguro?"),
        ("any", "Reembolsen el cargo a la tarjeta {CARD}, ((nunca recibí nada|fue un error))."),
        ("taxes", "Hice el pago con mi tarjeta de débito {CARD} y ((no aparece|me cobraron recargo))."),
    ],
    "BANK_ACCOUNT": [
        ("benefits", "Depositen en mi cuenta {ACCOUNT}((, número de ruta {ROUTING}|)) ((en la cooperativa|en lugar de la tarjeta prepagada))."),
        ("taxes", "Mi reembolso se fue a la cuenta {ACCOUNT} que ((ya estaba cerrada|no es mía))."),
        ("veterans", "Depósito directo: ruta {ROUTING}, cuenta {ACCOUNT}. ((Confirmen por favor.|Lo pusieron mal.))"),
        ("benefits", "Cuenta de cheques {ACCOUNT} ((es la correcta|la tengo desde 2019)) y el pago fue rechazado."),
        ("benefits", "Mi número de cuenta de ahorros es {ACCOUNT}; ((el pago no llegó|tienen uno viejo))."),
    ],
    "ROUTING_NUMBER": [
        ("benefits", "El número de ruta {ROUTING} ((es correcto|lo escribieron mal)) y el pago ((no llegó|fue devuelto))."),
        ("taxes", "Número de ruta bancaria {ROUTING}, ((favor de corregir|el banco dice que es válido))."),
        ("veterans", "((Usen|Cambien a)) la ruta {ROUTING} para mi pensión."),
        ("benefits", "Ruta {ROUTING} y cuenta {ACCOUNT} son de mi banco nuevo."),
    ],
    "ADDRESS": [
        ("any", "Mi dirección ((nueva|correcta)) es {ADDRESS}((, por favor actualícenla.|.))"),
        ("benefits", "Me mudé a {STREET} ((en mayo|hace un año)) y las cartas siguen llegando a la dirección vieja."),
        ("passports", "Manden el pasaporte a {ADDRESS}((, no a mi trabajo.|.))"),
        ("any", "Mi correspondencia llega al {POBOX} ((porque roban paquetes|porque vivo en el campo))."),
        ("immigration", "Vivimos en {STREET} y ya mandamos el cambio de dirección ((en línea|dos veces))."),
        ("veterans", "La dirección del veterano es {ADDRESS}."),
        ("contact", "La agente confirmó {STREET} ((pero la escribió mal|y sigue saliendo la vieja))."),
    ],
    "DOB": [
        ("benefits", "((Nací el|Mi fecha de nacimiento es|Fecha de nacimiento:|F. de nac.)) {DOB}((, y en el sistema está mal.| y cumplo 62 el mes que viene.|.))"),
        ("passports", "La fecha de nacimiento de mi ((hijo|hija|bebé)) ({DOB}) salió mal en el pasaporte."),
        ("veterans", "Veterano, nacido el {DOB}, ((sirvió en el Ejército|estuvo en la Marina)), ((necesito mis registros|reclamo pendiente))."),
        ("any", "No me pudieron verificar porque mi fecha de nacimiento ({DOB}) no coincide."),
        ("benefits", "Mi mamá nació el {DOB} y ((le negaron la pensión|no aparece en el sistema))."),
    ],
    "CLAIM_NUMBER": [
        ("any", "Mi número de reclamo es {CLAIM} y ((sigue pendiente|nadie lo encuentra))."),
        ("benefits", "Reclamo {CLAIM}: ((ya mandé los documentos dos veces|me lo negaron sin explicación))."),
        ("veterans", "El reclamo {CLAIM} ((se cerró|se fue a otra oficina)) sin carta de decisión."),
        ("contact", "Di el número de reclamo ({CLAIM}) y ((me transfirieron cuatro veces|no lo pudieron encontrar))."),
    ],
    "MIXED": [
        ("benefits", "Soy {NAME}, nací el {DOB}, mi seguro social es {SSN}. El pago de {money} nunca llegó."),
        ("immigration", "Cita el {apptdate}, {timerange}. Número A {ANUM}. ((Fueron amables.|Llegaron tarde.))"),
        ("parks", "Reservación {conf}, pagué {money} con la tarjeta {CARD}."),
        ("contact", "Habla {NAME}, mi teléfono es {PHONE}. Esperé ((40|95)) minutos para nada."),
        ("benefits", "Me llamo {NAME} y vivo en {ADDRESS}; ((nadie contesta|la oficina siempre está cerrada))."),
        ("veterans", "{NAME}, reclamo {CLAIM}, teléfono {PHONE}. ((Llámenme por favor.|Sigo esperando.))"),
        ("any", "Comuníquense con {FIRST} a {EMAIL} o al {PHONE}."),
    ],
}

# Sentences with no personal information, by topic.
PLAIN_EN: dict[str, list[str]] = {
    "benefits": [
        "I waited ((two|three|five)) months for a decision on my ((disability|retirement|survivor)) benefits.",
        "The Social Security office was ((packed|understaffed|closed without notice)) ((when I got there|again)).",
        "((Nobody|No one)) could tell me why my ((SNAP|food stamp|SSI)) benefits stopped.",
        "The online portal logged me out ((every few minutes|twice while I was uploading documents)).",
        "The person at intake was patient and explained every step.",
        "I finally got my ((unemployment|disability)) back pay.",
        "The letters are written in language nobody understands.",
        "((It was|This was)) the easiest visit I've had to a government office.",
    ],
    "passports": [
        "The passport took ((twelve|ten|eight)) weeks even though I paid for expedited service.",
        "The acceptance facility ((at the post office|at the library)) was quick and friendly.",
        "The online renewal ((crashed|froze)) at the photo upload.",
        "((Nobody|No one)) at the passport agency answered the phone for a week.",
        "We got the passports two days before our flight.",
    ],
    "taxes": [
        "The IRS phone line ((hung up on me|disconnected)) after ((an hour|ninety minutes)) on hold.",
        "Free File worked ((great|fine)) this year.",
        "((My|Our)) refund is still ((under review|in processing)) with no explanation.",
        "The Taxpayer Assistance Center ((only takes|requires)) appointments ((and there are none|three weeks out)).",
        "The letter asked for documents I already sent ((twice|in March)).",
    ],
    "immigration": [
        "My ((work permit|green card|citizenship)) case has been pending ((for over a year|for 14 months)).",
        "The biometrics appointment was quick and well organized.",
        "The case status page ((hasn't changed|shows the same message)) ((since spring|in months)).",
        "The interview officer was ((respectful|professional|kind)) ((and thorough|and explained everything)).",
        "The Spanish-language line ((was helpful|put me on hold for an hour)).",
    ],
    "parks": [
        "The trails were ((well marked|beautiful|crowded)) and the ((rangers|volunteers)) were ((friendly|helpful)).",
        "((The|Our)) campground ((restrooms|showers)) were ((dirty|closed|spotless)).",
        "The timed entry reservation system ((is confusing|sold out in seconds)).",
        "((We loved|My kids loved)) the ((junior ranger|night sky|history)) program.",
        "The visitor center closed early ((with no sign|on a Saturday)).",
    ],
    "veterans": [
        "The VA ((clinic|hospital)) ((staff|nurses)) ((treated me with respect|were rushed)).",
        "My disability claim has been ((pending|stuck)) ((for 8 months|since last year)).",
        "The ((Vet Center|VA)) counselor ((really listened|was excellent)).",
        "((Getting|Trying to get)) my military records took ((forever|five months)).",
        "The ((telehealth|video)) appointment worked ((well|perfectly)).",
    ],
    "contact": [
        "I was on hold for ((two|three)) hours ((before getting cut off|and gave up)).",
        "The automated menu ((has no option for|never lets you reach)) a ((real person|human)).",
        "The agent ((was kind|was rude|knew the answer right away|read from a script)).",
        "((The callback feature worked as promised.|Nobody called back even though I chose a callback.))",
        "The chat ((answered quickly|kept disconnecting)).",
    ],
}
CLOSERS_EN = [
    "Thank you.", "Please fix this.", "Very disappointed.", "Overall a good experience.",
    "Keep up the good work.", "This needs to change.", "Thanks for asking.", "Five stars.",
    "I'm exhausted.", "Do better.", "Appreciate it!",
]
PLAIN_ES: dict[str, list[str]] = {
    "benefits": [
        "Esperé ((dos|tres|cinco)) meses por una respuesta sobre mis beneficios de ((incapacidad|jubilación|sobreviviente)).",
        "La oficina del Seguro Social estaba ((llena|sin personal|cerrada sin aviso)).",
        "Nadie me pudo explicar por qué me quitaron los ((cupones de alimentos|beneficios de SNAP|pagos de SSI)).",
        "El portal me sacaba ((cada cinco minutos|mientras subía los documentos)).",
        "La persona que me atendió tuvo paciencia y me explicó cada paso.",
        "Por fin recibí los pagos atrasados del desempleo.",
        "Las cartas están escritas en un lenguaje que nadie entiende.",
    ],
    "passports": [
        "El pasaporte tardó ((doce|diez|ocho)) semanas aunque pagué el servicio urgente.",
        "En la oficina de correos nos atendieron rápido y con amabilidad.",
        "La renovación en línea ((se trabó|falló)) al subir la foto.",
        "Nadie contestaba el teléfono de la agencia de pasaportes.",
        "Los pasaportes llegaron dos días antes del vuelo.",
    ],
    "taxes": [
        "La línea del IRS ((me colgó|se cortó)) después de ((una hora|hora y media)) de espera.",
        "Mi reembolso sigue ((en revisión|en proceso)) sin ninguna explicación.",
        "El centro de asistencia del IRS solo atiende con cita ((y no hay|a tres semanas)).",
        "La carta pedía documentos que ya había mandado ((dos veces|en marzo)).",
        "Declarar en línea fue ((fácil|rápido)) este año.",
    ],
    "immigration": [
        "Mi caso de ((permiso de trabajo|residencia|ciudadanía)) lleva ((más de un año|14 meses)) pendiente.",
        "La cita de huellas fue rápida y bien organizada.",
        "La página del estatus del caso no ha cambiado ((en meses|desde la primavera)).",
        "El oficial de la entrevista fue ((respetuoso|profesional|amable)).",
        "La línea en español ((fue de mucha ayuda|me dejó en espera una hora)).",
    ],
    "parks": [
        "Los senderos estaban ((bien señalizados|preciosos|llenos de gente)) y los guardabosques fueron ((amables|muy serviciales)).",
        "Los baños del campamento estaban ((sucios|cerrados|impecables)).",
        "El sistema de reservaciones ((es confuso|se agotó en segundos)).",
        "A mis hijos les encantó el programa de ((guardabosques juveniles|astronomía|historia)).",
        "El centro de visitantes cerró temprano sin avisar.",
    ],
    "veterans": [
        "El personal de la clínica del VA ((me trató con respeto|estaba apurado)).",
        "Mi reclamo de incapacidad lleva ((ocho meses|un año)) detenido.",
        "La consejera del Vet Center ((me escuchó de verdad|fue excelente)).",
        "Conseguir mis registros militares tardó ((muchísimo|cinco meses)).",
        "La cita por video funcionó ((bien|perfectamente)).",
    ],
    "contact": [
        "Estuve en espera ((dos|tres)) horas ((y se cortó la llamada|y me rendí)).",
        "El menú automático no tiene opción para hablar con una persona.",
        "La agente ((fue amable|fue grosera|sabía la respuesta|leía un guion)).",
        "((La devolución de llamada funcionó.|Nadie me regresó la llamada.))",
        "El chat ((contestó rápido|se desconectaba)).",
    ],
}
CLOSERS_ES = [
    "Gracias.", "Por favor arréglenlo.", "Muy decepcionada.", "En general, buena experiencia.",
    "Sigan así.", "Esto tiene que cambiar.", "Cinco estrellas.", "Estoy agotado.",
    "¡Gracias por preguntar!", "Pésimo servicio.",
]

# Sentences without personal information that a careless redactor would flag: numbers shaped
# like phone numbers, and words that are also names. Each carries its note.
LOOKALIKES_EN: list[tuple[str, str]] = [
    ("They charged me {money} for ((the expedited fee|a replacement card|the late fee)) and it still took ((six|eight|ten)) weeks.", ""),
    ("The letter is dated {isodate} but ((arrived|was postmarked)) weeks later.", ""),
    ("My appointment on {apptdate} was ((cancelled|moved|rescheduled)) ((twice|without notice|by text the night before)).", ""),
    ("They gave me the {timerange} slot and ((I still waited two hours|nobody was there)).", ""),
    ("The notice was sent to ZIP {zip4}, which is ((not mine|the processing center)).", ""),
    ("Confirmation {conf} ((does not work|is not recognized)) on the status page.", ""),
    ("((More than|Over)) {count} people ((were in line|use that office)) and there were two clerks.", ""),
    ("The ((reference|tracking|order)) number {nonluhn} ((shows nothing|is not in the system)).", ""),
    ("The survey says OMB Control No. {omb} ((but no expiration date|at the bottom)).", ""),
    ("The {form} ((instructions are confusing|page was down all week|is not available in Spanish)).", "hard: a form number"),
    ("The ((recording|website|letter)) says to call the 1-800 number ((but doesn't give it|and it's always busy)).", "hard: '1-800 number' without digits"),
    ("I will ((try again next week|never use that website again|be back with more documents)).", f"{WORD_NOT_NAME} ('will')"),
    ("((There's|There was)) no grace period ((for late payments|on the renewal)).", f"{WORD_NOT_NAME} ('grace period')"),
    ("((We went|I applied)) in ((June|April|May)) and heard nothing until ((August|the fall|winter)).", f"{WORD_NOT_NAME} (a month)"),
    ("The ((bill|invoice)) for the ((ambulance|permit|campsite)) was wrong.", f"{WORD_NOT_NAME} ('bill')"),
    ("I hope ((someone reads this|it gets better|they hire more staff)).", f"{WORD_NOT_NAME} ('hope')"),
    ("I ((signed|filled out)) the form in good faith.", f"{WORD_NOT_NAME} ('faith')"),
    ("((Mark|Check)) the box ((if you are a veteran|for Spanish)) ((is|was)) hard to find on the mobile site.", f"{WORD_NOT_NAME} ('Mark')"),
    ("Frank answers would be nicer than reading from a script.", f"{WORD_NOT_NAME} ('Frank')"),
    ("Summer hours ((were not posted|started late)) at the ((park|visitor center)).", f"{WORD_NOT_NAME} ('Summer')"),
    ("May I suggest ((a callback option|more Spanish-speaking staff))?", f"{WORD_NOT_NAME} ('May')"),
    ("It was a joy ((to visit|to deal with staff who care)).", f"{WORD_NOT_NAME} ('joy')"),
    ("Sandy roads ((made the drive slow|need better signs)).", f"{WORD_NOT_NAME} ('Sandy')"),
]
LOOKALIKES_ES: list[tuple[str, str]] = [
    ("Me cobraron {money} por ((el servicio urgente|la tarjeta de reemplazo|el recargo)) y aun así tardó ((seis|ocho)) semanas.", ""),
    ("La carta tiene fecha {isodate} pero llegó semanas después.", ""),
    ("Mi cita del {apptdate} ((la cancelaron|la cambiaron)) ((dos veces|sin avisar)).", ""),
    ("Me dieron el horario {timerange} y ((esperé dos horas|no había nadie)).", ""),
    ("El aviso se mandó al código postal {zip4}, que no es el mío.", ""),
    ("La confirmación {conf} ((no funciona|no la reconoce)) la página.", ""),
    ("((Más de|Como)) {count} personas ((hacían fila|usan esa oficina)).", ""),
    ("El número de ((guía|referencia|rastreo)) {nonluhn} no aparece en el sistema.", ""),
    ("La encuesta dice OMB {omb} ((pero sin fecha de vencimiento|al final)).", ""),
    ("Las instrucciones del formulario {form} ((son confusas|no están en español)).", "hard: a form number"),
    ("La grabación dice que llame al 1-800 ((pero no da el número|y siempre está ocupado)).", "hard: '1-800' without digits"),
    ("((Se fue|No había)) la luz en la oficina ((y nos mandaron a casa|toda la mañana)).", f"{WORD_NOT_NAME} ('luz')"),
    ("Tengo dolores ((de espalda|de rodilla|de cabeza)) y no hay dónde sentarse.", f"{WORD_NOT_NAME} ('dolores')"),
    ("Perdimos la esperanza ((de que contesten|con este trámite)).", f"{WORD_NOT_NAME} ('esperanza')"),
    ("Fue un consuelo ((ver que alguien hablaba español|que por fin respondieran)).", f"{WORD_NOT_NAME} ('consuelo')"),
    ("Fui a la Cruz Roja ((por ayuda|porque FEMA no contestó)).", f"{WORD_NOT_NAME} ('Cruz')"),
    ("El Día de Reyes ((cerraron la oficina|no había nadie)).", f"{WORD_NOT_NAME} ('Reyes')"),
    ("La soledad de los veteranos mayores ((es real|necesita atención)).", f"{WORD_NOT_NAME} ('soledad')"),
    ("Por milagro salió mi pasaporte a tiempo.", f"{WORD_NOT_NAME} ('milagro')"),
    ("El sol ((pegaba fuerte|estaba terrible)) en la fila de afuera.", f"{WORD_NOT_NAME} ('sol')"),
    ("Tengo fe en que ((mejoren|lo arreglen)).", f"{WORD_NOT_NAME} ('fe')"),
    ("Es justo que ((atiendan en español|nos den una cita)).", f"{WORD_NOT_NAME} ('justo')"),
    ("El rosario de requisitos ((no termina|es interminable)).", f"{WORD_NOT_NAME} ('rosario')"),
    ("Queremos vivir en paz, sin tantas llamadas.", f"{WORD_NOT_NAME} ('paz')"),
]
# fmt: on


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------

ALTERNATIVE = re.compile(r"\(\(((?:(?!\(\(|\)\)).)*)\)\)")
SLOT = re.compile(r"\{([A-Za-z0-9_]+)\}")
MARKUP = re.compile(r"\{\{([A-Z_]+)(?:\|([^{}]*))?\}\}|\[\[([a-z0-9]+)\]\]")


@dataclass
class Comment:
    language: str
    text: str = ""
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        self.text += text

    def add_value(self, kind: str | None, value: str, note: str) -> None:
        if kind is not None:
            self.spans.append((len(self.text), len(self.text) + len(value), kind))
        self.text += value
        self.note(note)

    def note(self, note: str) -> None:
        for part in filter(None, (p.strip() for p in note.split(";"))):
            if part not in self.notes:
                self.notes.append(part)

    def kinds(self) -> Counter[str]:
        return Counter(kind for _, _, kind in self.spans)

    def record(self, comment_id: str) -> dict[str, object]:
        record: dict[str, object] = {
            "id": comment_id,
            "language": self.language,
            "text": self.text,
            "spans": [{"start": s, "end": e, "type": k} for s, e, k in self.spans],
        }
        if self.notes:
            record["note"] = "; ".join(self.notes)
        return record


def choose_wordings(template: str, rng: random.Random) -> str:
    while match := ALTERNATIVE.search(template):
        choice = rng.choice(match.group(1).split("|"))
        template = template[: match.start()] + choice + template[match.end() :]
    return template


def render(comment: Comment, template: str, values: Values, note: str = "") -> None:
    """Append one sentence template to the comment, recording where each value lands."""
    text = choose_wordings(template, values.rng)
    position = 0
    for match in SLOT.finditer(text):
        comment.add_text(text[position : match.start()])
        kind, maker = SLOTS[match.group(1)]
        value, value_note = maker(values, comment.language)
        comment.add_value(kind, value, value_note)
        position = match.end()
    comment.add_text(text[position:])
    comment.note(note)


def written(language: str, markup: str, note: str, values: Values) -> Comment:
    comment = Comment(language)
    position = 0
    for match in MARKUP.finditer(markup):
        comment.add_text(markup[position : match.start()])
        kind, literal, filler = match.groups()
        if filler is not None:
            comment.add_value(None, SLOTS[filler][1](values, language)[0], "")
        elif literal is not None:
            comment.add_value(kind, literal, "")
        else:
            comment.add_value(kind, SLOTS[kind][1](values, language)[0], "")
        position = match.end()
    comment.add_text(markup[position:])
    comment.note(note)
    return comment


def slot_kinds(template: str) -> set[str]:
    kinds = {SLOTS[name][0] for name in SLOT.findall(template)}
    return {kind for kind in kinds if kind is not None}


def split_templates(part: int) -> dict[str, list[Template]]:
    """Per language, this file's share of every group: a third to development (part 1)."""
    chosen: dict[str, list[Template]] = {}
    for language, groups in (("en", TEMPLATES_EN), ("es", TEMPLATES_ES)):
        chosen[language] = [
            template
            for group in groups.values()
            for index, template in enumerate(group)
            if (index % 3 == 2) == (part == 1)
        ]
    return chosen


def split_lookalikes(part: int) -> dict[str, list[tuple[str, str]]]:
    return {
        language: [item for index, item in enumerate(items) if (index % 3 == 2) == (part == 1)]
        for language, items in (("en", LOOKALIKES_EN), ("es", LOOKALIKES_ES))
    }


class Generator:
    def __init__(self, rng: random.Random, part: int) -> None:
        self.rng = rng
        self.values = Values(rng, pools_for(part))
        self.templates = split_templates(part)
        self.lookalikes = split_lookalikes(part)

    def language(self) -> str:
        return "es" if self.rng.random() < SPANISH_SHARE else "en"

    def plain(self, language: str, topic: str) -> str:
        sentences = PLAIN_ES if language == "es" else PLAIN_EN
        if topic == "any":
            topic = self.rng.choice(sorted(sentences))
        return self.rng.choice(sentences[topic])

    def closer(self, language: str) -> str:
        return self.rng.choice(CLOSERS_ES if language == "es" else CLOSERS_EN)

    def with_personal(self, kind: str) -> Comment:
        language = self.language()
        pool = [t for t in self.templates[language] if kind in slot_kinds(t[1])]
        if not pool:
            language = "en" if language == "es" else "es"
            pool = [t for t in self.templates[language] if kind in slot_kinds(t[1])]
        topic, template = self.rng.choice(pool)
        comment = Comment(language)
        parts: list[tuple[str, str]] = []
        if self.rng.random() < 0.55:
            parts.append((self.plain(language, topic), ""))
        parts.append((template, ""))
        if self.rng.random() < 0.15:
            parts.append(self.rng.choice(self.lookalikes[language]))
        if self.rng.random() < 0.45:
            parts.append((self.closer(language), ""))
        for index, (text, note) in enumerate(parts):
            if index:
                comment.add_text(" ")
            render(comment, text, self.values, note)
        self.maybe_lowercase(comment)
        return comment

    def without_personal(self) -> Comment:
        language = self.language()
        topic = self.rng.choice(sorted(PLAIN_EN))
        parts: list[tuple[str, str]] = [(self.plain(language, topic), "")]
        if self.rng.random() < 0.65:
            parts.insert(self.rng.randrange(2), self.rng.choice(self.lookalikes[language]))
        if self.rng.random() < 0.35:
            parts.append((self.plain(language, topic), ""))
        if self.rng.random() < 0.4:
            parts.append((self.closer(language), ""))
        comment = Comment(language)
        for index, (text, note) in enumerate(dict.fromkeys(parts)):
            if index:
                comment.add_text(" ")
            render(comment, text, self.values, note)
        return comment

    def maybe_lowercase(self, comment: Comment) -> None:
        """Some people type everything in lower case; names and addresses must still be found."""
        lowercase_safe = {"NAME", "EMAIL", "PHONE", "ADDRESS", "DOB", "SSN"}
        if set(comment.kinds()) <= lowercase_safe and self.rng.random() < 0.05:
            lowered = comment.text.lower()
            if len(lowered) == len(comment.text):
                comment.text = lowered
                comment.note("hard: all lower case")


def build_file(
    rng: random.Random,
    part: int,
    hand_written: Iterable[tuple[str, str, str]],
    quotas: dict[str, int],
    seen: set[str],
    prefix: str,
) -> list[dict[str, object]]:
    generator = Generator(rng, part)
    comments = [
        written(lang, markup, note, generator.values) for lang, markup, note in hand_written
    ]
    for comment in comments:
        seen.add(comment.text)
    counts: Counter[str] = Counter()
    while short := sorted(kind for kind, quota in quotas.items() if counts[kind] < quota):
        comment = generator.with_personal(rng.choice(short))
        if comment.text not in seen:
            seen.add(comment.text)
            comments.append(comment)
            counts.update(comment.kinds())
    with_pii = sum(1 for c in comments if c.spans)
    wanted_plain = round(with_pii * NO_PII_SHARE / (1 - NO_PII_SHARE))
    plain = sum(1 for c in comments if not c.spans)
    while plain < wanted_plain:
        comment = generator.without_personal()
        if comment.text not in seen:
            seen.add(comment.text)
            comments.append(comment)
            plain += 1
    rng.shuffle(comments)
    return [c.record(f"{prefix}-{index:04d}") for index, c in enumerate(comments, start=1)]


def build() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(held-out records, development records), always the same for the same SEED."""
    rng = random.Random(SEED)  # noqa: S311 (reproducible, not secret)
    seen: set[str] = set()
    held_out = build_file(rng, 0, HELD_OUT_WRITTEN, HELD_OUT_QUOTAS, seen, "ho")
    development = build_file(rng, 1, DEVELOPMENT_WRITTEN, DEVELOPMENT_QUOTAS, seen, "dev")
    return held_out, development


def dumps(records: Iterable[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the redaction evaluation set.")
    parser.add_argument("--check", action="store_true", help="only compare with the files")
    options = parser.parse_args(argv)
    held_out, development = build()
    outputs = {HELD_OUT_PATH: dumps(held_out), DEVELOPMENT_PATH: dumps(development)}
    if options.check:
        stale = [
            p.name
            for p, text in outputs.items()
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        for name in stale:
            print(f"{name} differs from what build.py writes", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.name}: {text.count(chr(10))} comments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
