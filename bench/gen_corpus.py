#!/usr/bin/env python3
"""Generate a deterministic corpus of campaign drafts for the throughput benchmark.

    bench/gen_corpus.py SEED OUTDIR COUNT TARGET_MB

Writes COUNT files totalling about TARGET_MB megabytes (10^6 bytes) into OUTDIR:

    OUTDIR/email-html/  table-based HTML e-mails, 5 KB to 300 KB (product blocks repeated)
    OUTDIR/email-md/    Markdown e-mails with YAML front matter
    OUTDIR/text/        SMS (sms_*.txt) and WhatsApp (wa_*.txt) templates
    OUTDIR/forms/       HTML sign-up, checkout and contest forms

in Dutch, English, German and French. The same SEED, COUNT and TARGET_MB give the same bytes on
any machine: only `random.Random(SEED)` decides, and files are written in a fixed order. The last
lines of the output give per-kind counts and bytes and a SHA-256 over all paths and contents.

The drafts look like what people send (inline styles, <style> blocks, comments, MSO conditionals,
merge tags of several ESPs, footers with opt-out links and notices, sometimes hidden ones); they
are not labelled and exist only to be read fast. Every name and address is invented.

Standard library only.
"""

from __future__ import annotations

import hashlib
import math
import random
import sys
from pathlib import Path

LANGS = ["nl", "en", "de", "fr"]
LANG_WEIGHTS = [35, 30, 20, 15]

# Share of the files per kind (the rest of the bytes go to the HTML e-mails).
KIND_SHARES = [("html-email", 0.56), ("md-email", 0.14), ("sms", 0.12), ("whatsapp", 0.08), ("form", 0.10)]
KIND_FOLDERS = {"html-email": "email-html", "md-email": "email-md", "sms": "text", "whatsapp": "text", "form": "forms"}

HTML_MIN, HTML_MAX = 5_000, 300_000
MD_MIN, MD_MAX = 2_000, 60_000
FORM_MIN, FORM_MAX = 4_000, 40_000

# ----------------------------------------------------------------------------------------------
# Words, per language

L = {
    "nl": {
        "brands": ["Tuinhuys B.V.", "Fietsenwerf Zuid", "Koffiebranderij De Molen", "Lindenhof Wonen", "Polderpost B.V.", "Stichting Groen Dorp"],
        "streets": ["Havenstraat 12, 3011 AB Rotterdam", "Keizersgracht 204, 1016 DX Amsterdam", "Postbus 311, 5600 AH Eindhoven", "Oudegracht 88, 3511 AR Utrecht"],
        "hello": ["Beste {name},", "Hoi {name},", "Dag {name},", "Goedemorgen {name},"],
        "intro": ["Deze week hebben we iets moois voor je klaarliggen.", "Onze nieuwe collectie is binnen en we willen je die als eerste laten zien.",
                  "Het voorjaar komt eraan: tijd om je tuin weer op orde te brengen.", "Bedankt dat je klant bij ons bent. Speciaal voor jou een aanbieding.",
                  "Alleen dit weekend: extra korting op geselecteerde artikelen."],
        "adjectives": ["duurzame", "handgemaakte", "lichte", "stevige", "klassieke", "compacte", "zachte", "waterdichte"],
        "nouns": ["fietstas", "koffiemolen", "tuinstoel", "regenjas", "theepot", "bureaulamp", "wollen deken", "plantenbak"],
        "desc": ["Gemaakt van gerecycled materiaal en jarenlang mee te gaan.", "Ontworpen in Nederland en met zorg geproduceerd.",
                 "Past in elke woonkamer en is eenvoudig schoon te maken.", "Met twee jaar garantie en gratis retourneren binnen 30 dagen.",
                 "Nu tijdelijk met 15% korting, zolang de voorraad strekt."],
        "cta": ["Shop nu", "Bekijk aanbieding", "Bestel direct", "Meer info"],
        "price": "€ {euros},{cents}",
        "notice": ["Wil je deze e-mails niet meer ontvangen? {link}.", "Je kunt je altijd kosteloos afmelden: {link}.",
                   "Geen nieuwsbrief meer ontvangen? Meld je hier af: {link}."],
        "unsub": ["Afmelden", "Meld je hier af", "Uitschrijven"],
        "reminder": "Je ontvangt deze e-mail omdat je je hebt aangemeld voor de nieuwsbrief van {brand}.",
        "webversion": "Bekijk deze e-mail in je browser",
        "subject": ["Nieuw binnen: de voorjaarscollectie", "Alleen dit weekend 20% korting", "Jouw maandelijkse update", "Tips voor een groene tuin"],
        "order": ["Bedankt voor je bestelling!", "Bestelnummer {num}", "Je pakket wordt morgen bezorgd.", "Factuur en voorwaarden vind je in je account."],
        "sms": ["{brand}: 20% korting op alles t/m zondag! {url} Stop? SMS STOP naar 4411 (standaard sms-tarief)",
                "{brand}: je bestelling {num} is onderweg. Volg je pakket: {url}",
                "Hoi! Nieuwe collectie bij {brand}. Kijk snel: {url} Afmelden: stuur STOP naar 4411"],
        "wa": ["Hoi {{1}}, bij {brand} is de uitverkoop begonnen! Bekijk de deals: {url}\n\nGeen berichten meer? Antwoord STOP.",
               "Hoi {{1}}, je afspraak bij {brand} staat op {{2}}. Verzetten kan via {url}",
               "Hallo {{1}}! Speciaal voor jou: gratis verzending deze week. {url}"],
        "form": {"title": "Aanmelden voor de nieuwsbrief", "email": "E-mailadres", "name": "Naam",
                 "newsletter": "Ja, ik wil de nieuwsbrief met aanbiedingen ontvangen", "terms": "Ik ga akkoord met de algemene voorwaarden",
                 "bundled": "Ik ga akkoord met de algemene voorwaarden en ontvang graag aanbiedingen per e-mail",
                 "optout": "Vink dit vakje aan als je geen aanbiedingen wilt ontvangen", "submit": "Aanmelden",
                 "remember": "Onthoud mij", "privacy": "Lees onze privacyverklaring."},
        "unsub_path": "afmelden",
    },
    "en": {
        "brands": ["Harbour & Pine Ltd", "Northfield Outdoor Co.", "Brightwell Books", "Copperkettle Tea Company", "Greenway Cycles Inc."],
        "streets": ["221 Market Street, Suite 4, Portland, OR 97205", "14 Kings Road, London SW3 4RP", "PO Box 1180, Burlington, VT 05402", "88 Queen Street West, Toronto, ON M5H 2N2"],
        "hello": ["Hi {name},", "Hello {name},", "Dear {name},", "Hey {name},"],
        "intro": ["Our spring collection has landed, and we saved you a first look.", "This weekend only: take 20% off everything in store and online.",
                  "Thanks for being a customer. Here is something we think you will like.", "New arrivals, staff picks and a little something for you inside.",
                  "It is time to refresh your reading list with these new titles."],
        "adjectives": ["lightweight", "handmade", "waterproof", "classic", "compact", "organic", "recycled", "insulated"],
        "nouns": ["backpack", "tea tin", "desk lamp", "rain jacket", "notebook", "water bottle", "wool blanket", "bike light"],
        "desc": ["Made from recycled materials and built to last for years.", "Designed in-house and produced with care by a family workshop.",
                 "Fits any home and is easy to clean.", "Comes with a two-year warranty and free returns within 30 days.",
                 "Now 15% off for a limited time, while stocks last."],
        "cta": ["Shop now", "See the offer", "Buy now", "Learn more"],
        "price": "${euros}.{cents}",
        "notice": ["If you no longer wish to receive these emails, {link}.", "You can unsubscribe at any time, free of charge: {link}.",
                   "Don't want these emails anymore? {link}."],
        "unsub": ["unsubscribe", "Unsubscribe here", "opt out"],
        "reminder": "You are receiving this email because you signed up for updates from {brand}.",
        "webversion": "View this email in your browser",
        "subject": ["New in: the spring collection", "This weekend only: 20% off", "Your monthly update", "Five books for a rainy day"],
        "order": ["Thanks for your order!", "Order #{num}", "Your parcel ships tomorrow.", "Your invoice and our terms are in your account."],
        "sms": ["{brand}: 20% off everything this weekend! {url} Reply STOP to opt out. Msg & data rates may apply.",
                "{brand}: your order {num} has shipped. Track it: {url}",
                "Stop by {brand} this Saturday for our NON-STOP sale! {url} Text STOP to 70100 to end."],
        "wa": ["Hi {{1}}, the {brand} summer sale has started! See the deals: {url}\n\nReply STOP to stop these messages.",
               "Hi {{1}}, your appointment at {brand} is on {{2}}. Reschedule: {url}",
               "Hello {{1}}! Free shipping for you this week only. {url}"],
        "form": {"title": "Sign up for our newsletter", "email": "Email address", "name": "Full name",
                 "newsletter": "Yes, send me news and offers by email", "terms": "I accept the terms and conditions",
                 "bundled": "I accept the terms and conditions and agree to receive marketing emails",
                 "optout": "Tick this box if you do not want to receive offers", "submit": "Sign up",
                 "remember": "Remember me", "privacy": "Read our privacy policy."},
        "unsub_path": "unsubscribe",
    },
    "de": {
        "brands": ["Bergblick Outdoor GmbH", "Kaffeerösterei Hansen", "Lindgrün Versand GmbH", "Bücherstube Weber", "Radwerk Süd UG"],
        "streets": ["Hauptstraße 17, 80331 München", "Schillerstraße 5, 10625 Berlin", "Königsallee 60, 40212 Düsseldorf", "Am Markt 3, 01067 Dresden"],
        "hello": ["Hallo {name},", "Liebe Kundin, lieber Kunde,", "Guten Tag {name},", "Servus {name},"],
        "intro": ["Unsere Frühjahrskollektion ist da und Sie sehen sie als Erste.", "Nur dieses Wochenende: 20 % Rabatt auf alles.",
                  "Danke, dass Sie bei uns einkaufen. Hier ist ein kleines Dankeschön.", "Neuheiten, Empfehlungen und ein Gutschein für Sie.",
                  "Zeit für frischen Kaffee: entdecken Sie unsere neuen Röstungen."],
        "adjectives": ["nachhaltige", "handgefertigte", "leichte", "robuste", "klassische", "kompakte", "weiche", "wasserdichte"],
        "nouns": ["Fahrradtasche", "Kaffeemühle", "Gartenstuhl", "Regenjacke", "Teekanne", "Schreibtischlampe", "Wolldecke", "Blumenkasten"],
        "desc": ["Aus recyceltem Material und für viele Jahre gemacht.", "In Deutschland entworfen und sorgfältig hergestellt.",
                 "Passt in jedes Wohnzimmer und ist leicht zu reinigen.", "Mit zwei Jahren Garantie und kostenloser Rücksendung.",
                 "Jetzt für kurze Zeit 15 % günstiger, solange der Vorrat reicht."],
        "cta": ["Jetzt kaufen", "Zum Angebot", "Mehr erfahren", "Jetzt entdecken"],
        "price": "{euros},{cents} €",
        "notice": ["Sie können der Verwendung Ihrer E-Mail-Adresse jederzeit widersprechen: {link}.",
                   "Sie möchten keine E-Mails mehr erhalten? {link}.", "Sie können sich jederzeit kostenlos abmelden: {link}."],
        "unsub": ["Newsletter abbestellen", "Abmelden", "hier abmelden"],
        "reminder": "Sie erhalten diese E-Mail, weil Sie sich für den Newsletter von {brand} angemeldet haben.",
        "webversion": "E-Mail im Browser ansehen",
        "subject": ["Neu eingetroffen: die Frühjahrskollektion", "Nur am Wochenende: 20 % Rabatt", "Ihr monatliches Update", "Kaffee-Neuheiten"],
        "order": ["Vielen Dank für Ihre Bestellung!", "Bestellnummer {num}", "Ihr Paket wird morgen zugestellt.", "Rechnung und AGB finden Sie in Ihrem Konto."],
        "sms": ["{brand}: 20 % Rabatt auf alles bis Sonntag! {url} Abmelden: STOP an 4411 (Standard-SMS-Tarif)",
                "{brand}: Ihre Bestellung {num} ist unterwegs: {url}",
                "NON-STOP SALE bei {brand}! {url} Keine SMS mehr? STOP an 4411"],
        "wa": ["Hallo {{1}}, der Sommerschlussverkauf bei {brand} hat begonnen! {url}\n\nKeine Nachrichten mehr? Antworte STOP.",
               "Hallo {{1}}, Ihr Termin bei {brand} ist am {{2}}. Verschieben: {url}",
               "Hallo {{1}}! Nur diese Woche versandkostenfrei. {url}"],
        "form": {"title": "Newsletter abonnieren", "email": "E-Mail-Adresse", "name": "Name",
                 "newsletter": "Ja, ich möchte den Newsletter mit Angeboten erhalten", "terms": "Ich akzeptiere die AGB",
                 "bundled": "Ich akzeptiere die AGB und möchte Werbung per E-Mail erhalten",
                 "optout": "Kreuzen Sie dieses Feld an, wenn Sie keine Angebote erhalten möchten", "submit": "Anmelden",
                 "remember": "Angemeldet bleiben", "privacy": "Datenschutzerklärung lesen."},
        "unsub_path": "abmelden",
    },
    "fr": {
        "brands": ["Maison Lavande SARL", "Atelier du Vélo", "Librairie des Quais", "Cafés Bonnefoy SAS", "Jardins de Provence"],
        "streets": ["12 rue de la République, 69002 Lyon", "45 boulevard Haussmann, 75009 Paris", "3 place du Marché, 33000 Bordeaux", "8 quai des Chartrons, 33300 Bordeaux"],
        "hello": ["Bonjour {name},", "Chère cliente, cher client,", "Salut {name},", "Bonsoir {name},"],
        "intro": ["Notre nouvelle collection de printemps est arrivée : découvrez-la en avant-première.", "Ce week-end seulement : 20 % de réduction sur tout.",
                  "Merci d'être client chez nous. Voici une offre rien que pour vous.", "Nouveautés, coups de cœur et un petit cadeau pour vous.",
                  "Profitez des soldes d'été avant tout le monde."],
        "adjectives": ["durable", "artisanal", "léger", "robuste", "classique", "compact", "doux", "imperméable"],
        "nouns": ["sac de vélo", "moulin à café", "chaise de jardin", "imperméable", "théière", "lampe de bureau", "plaid en laine", "jardinière"],
        "desc": ["Fabriqué à partir de matériaux recyclés et conçu pour durer.", "Conçu en France et fabriqué avec soin.",
                 "S'intègre à chaque intérieur et se nettoie facilement.", "Garantie de deux ans et retours gratuits sous 30 jours.",
                 "Actuellement 15 % moins cher, dans la limite des stocks disponibles."],
        "cta": ["J'en profite", "Voir l'offre", "Acheter", "En savoir plus"],
        "price": "{euros},{cents} €",
        "notice": ["Vous pouvez vous opposer à tout moment à la réception de nos e-mails : {link}.",
                   "Pour ne plus recevoir nos e-mails, {link}.", "Vous pouvez vous désinscrire gratuitement et à tout moment : {link}."],
        "unsub": ["se désinscrire", "Désinscription", "cliquez ici"],
        "reminder": "Vous recevez cet e-mail car vous êtes inscrit(e) à la newsletter de {brand}.",
        "webversion": "Voir cet e-mail dans votre navigateur",
        "subject": ["Nouveau : la collection de printemps", "Ce week-end : -20 % sur tout", "Votre actualité du mois", "Nos coups de cœur"],
        "order": ["Merci pour votre commande !", "Commande n° {num}", "Votre colis sera livré demain.", "Votre facture et nos CGV sont dans votre compte."],
        "sms": ["{brand} : -20 % sur tout jusqu'à dimanche ! {url} STOP SMS au 36111",
                "{brand} : votre commande {num} est en route : {url}",
                "Soldes chez {brand} ! {url} Répondez STOP pour ne plus recevoir nos SMS."],
        "wa": ["Bonjour {{1}}, les soldes ont commencé chez {brand} ! {url}\n\nPour ne plus recevoir nos messages, répondez STOP.",
               "Bonjour {{1}}, votre rendez-vous chez {brand} est le {{2}}. Modifier : {url}",
               "Bonjour {{1}} ! Livraison offerte cette semaine. {url}"],
        "form": {"title": "Inscription à la newsletter", "email": "Adresse e-mail", "name": "Nom",
                 "newsletter": "Oui, je souhaite recevoir les offres par e-mail", "terms": "J'accepte les CGV",
                 "bundled": "J'accepte les CGV et je souhaite recevoir des offres commerciales",
                 "optout": "Cochez cette case si vous ne souhaitez pas recevoir nos offres", "submit": "S'inscrire",
                 "remember": "Se souvenir de moi", "privacy": "Lire notre politique de confidentialité."},
        "unsub_path": "desinscription",
    },
}

FIRST_NAME_TAGS = ["*|FNAME|*", "{{first_name}}", "%recipient.first_name%", "{{ contact.FIRSTNAME }}", "{{ first_name }}", "[[FIRSTNAME]]", "{{ person.first_name }}"]
UNSUB_TAGS = [
    "*|UNSUB|*", "{{{unsubscribe}}}", "<%asm_group_unsubscribe_raw_url%>", "%unsubscribe_url%", "{{ unsubscribe }}",
    "{% unsubscribe_url %}", "{{ unsubscribe_link }}", "[[UNSUB_LINK_EN]]", "{{{ pm:unsubscribe }}}", "{{unsubscribe_url}}",
    "%UNSUBSCRIBELINK%",
]
DOMAINS = ["tuinhuys.nl", "northfield.example.org", "bergblick.de", "maison-lavande.fr", "brightwell.co.uk", "radwerk.de", "polderpost.nl"]
COLOURS = ["#ffffff", "#f4f4f4", "#fafafa", "#eef3f7", "#fff8ee"]
ACCENTS = ["#1a73e8", "#e4572e", "#2e7d32", "#6a1b9a", "#00838f", "#c62828"]


class Draft:
    """Helpers bound to one random generator and one language."""

    def __init__(self, rng: random.Random, lang: str):
        self.rng = rng
        self.lang = lang
        self.w = L[lang]
        self.brand = rng.choice(self.w["brands"])
        self.domain = rng.choice(DOMAINS)
        self.accent = rng.choice(ACCENTS)
        self.background = rng.choice(COLOURS)

    def pick(self, key: str) -> str:
        return self.rng.choice(self.w[key])

    def url(self, path: str = "") -> str:
        token = "".join(self.rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8))
        return f"https://www.{self.domain}/{path or 'c'}/{token}?utm_source=newsletter&utm_medium=email&utm_campaign=c{self.rng.randint(100, 999)}"

    def price(self) -> str:
        return self.w["price"].format(euros=self.rng.randint(4, 349), cents=self.rng.choice(["00", "50", "95", "99"]))

    def product_name(self) -> str:
        name = f"{self.pick('adjectives')} {self.pick('nouns')}"
        return name[0].upper() + name[1:]

    def order_number(self) -> str:
        return f"{self.rng.randint(100000, 999999)}"


# ----------------------------------------------------------------------------------------------
# HTML e-mails

CSS = """
    body, table, td, a { -webkit-text-size-adjust: 100%%; -ms-text-size-adjust: 100%%; }
    table, td { mso-table-lspace: 0pt; mso-table-rspace: 0pt; }
    img { -ms-interpolation-mode: bicubic; border: 0; height: auto; line-height: 100%%; outline: none; text-decoration: none; }
    body { margin: 0 !important; padding: 0 !important; width: 100%% !important; background-color: %(bg)s; }
    a[x-apple-data-detectors] { color: inherit !important; text-decoration: none !important; font-size: inherit !important; }
    .button a { background: %(accent)s; border-radius: 4px; color: #ffffff; display: inline-block; padding: 12px 24px; }
    .footer, .footer a { color: #888888; font-size: 12px; line-height: 18px; }
    .unsubscribe { color: #888888; text-decoration: underline; } /* unsubscribe link in the footer */
    @media screen and (max-width: 600px) {
      .container { width: 100%% !important; }
      .stack { display: block !important; width: 100%% !important; }
      .mobile-hide { display: none !important; }
    }
"""

MSO_HEAD = """<!--[if mso]>
<xml>
  <o:OfficeDocumentSettings>
    <o:AllowPNG/>
    <o:PixelsPerInch>96</o:PixelsPerInch>
  </o:OfficeDocumentSettings>
</xml>
<style>table { border-collapse: collapse; } .mso-fallback { font-family: Arial, sans-serif; }</style>
<![endif]-->"""


def html_head(d: Draft, subject: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" lang="{d.lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{subject}</title>
{MSO_HEAD}
<style type="text/css">{CSS % {"bg": d.background, "accent": d.accent}}</style>
</head>
"""


def html_preheader(d: Draft) -> str:
    text = d.pick("intro")
    return (f'<div style="display:none;font-size:1px;color:{d.background};line-height:1px;max-height:0px;max-width:0px;'
            f'opacity:0;overflow:hidden;mso-hide:all;">{text}&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;</div>\n')


def html_top(d: Draft, subject: str) -> str:
    name_tag = d.rng.choice(FIRST_NAME_TAGS)
    hello = d.pick("hello").format(name=name_tag)
    web = d.url("web")
    return f"""<body style="margin:0;padding:0;background-color:{d.background};">
{html_preheader(d)}<!-- wrapper -->
<table role="presentation" border="0" cellpadding="0" cellspacing="0" width="100%" style="background-color:{d.background};">
<tr><td align="center" style="padding:12px 0;">
<!--[if (gte mso 9)|(IE)]><table role="presentation" align="center" border="0" cellspacing="0" cellpadding="0" width="600"><tr><td align="center" valign="top" width="600"><![endif]-->
<table role="presentation" class="container" border="0" cellpadding="0" cellspacing="0" width="600" style="max-width:600px;background-color:#ffffff;">
<tr><td align="right" style="padding:8px 24px;font-family:Arial,sans-serif;font-size:11px;color:#999999;"><a href="{web}" style="color:#999999;">{d.w['webversion']}</a></td></tr>
<tr><td align="center" style="padding:24px;"><a href="https://www.{d.domain}/"><img src="https://cdn.{d.domain}/logo.png" width="160" alt="{d.brand}" style="display:block;" /></a></td></tr>
<tr><td style="padding:0 24px 16px 24px;font-family:Georgia,serif;font-size:26px;line-height:32px;color:#222222;"><h1 style="margin:0;font-size:26px;font-weight:normal;">{subject}</h1></td></tr>
<tr><td style="padding:0 24px 24px 24px;font-family:Arial,sans-serif;font-size:15px;line-height:22px;color:#444444;">
<p style="margin:0 0 12px 0;">{hello}</p>
<p style="margin:0 0 12px 0;">{d.pick('intro')} {d.pick('intro')}</p>
</td></tr>
"""


def html_product(d: Draft, index: int) -> str:
    name = d.product_name()
    url = d.url("p")
    cta = d.pick("cta")
    image = f"https://cdn.{d.domain}/img/{d.rng.randint(1000, 9999)}.jpg"
    comment = f"<!-- product block {index}: {name} -->\n" if d.rng.random() < 0.5 else ""
    old = f'<span style="text-decoration:line-through;color:#999999;">{d.price()}</span> ' if d.rng.random() < 0.3 else ""
    return f"""{comment}<tr><td style="padding:0 24px 24px 24px;">
<table role="presentation" border="0" cellpadding="0" cellspacing="0" width="100%">
<tr>
<td class="stack" width="200" valign="top" style="padding-right:16px;"><a href="{url}"><img src="{image}" width="200" alt="{name}" style="display:block;width:100%;max-width:200px;" /></a></td>
<td class="stack" valign="top" style="font-family:Arial,sans-serif;font-size:14px;line-height:20px;color:#444444;">
<h2 style="margin:0 0 6px 0;font-size:18px;line-height:24px;color:#222222;">{name}</h2>
<p style="margin:0 0 8px 0;">{d.pick('desc')} {d.pick('desc')}</p>
<p style="margin:0 0 12px 0;font-weight:bold;color:{d.accent};">{old}{d.price()}</p>
<!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="{url}" style="height:40px;v-text-anchor:middle;width:180px;" arcsize="10%" stroke="f" fillcolor="{d.accent}"><w:anchorlock/><center style="color:#ffffff;font-family:Arial,sans-serif;font-size:14px;">{cta}</center></v:roundrect><![endif]-->
<!--[if !mso]><!--><table role="presentation" border="0" cellpadding="0" cellspacing="0" class="button"><tr><td style="border-radius:4px;background:{d.accent};"><a href="{url}" style="display:inline-block;padding:10px 22px;font-family:Arial,sans-serif;font-size:14px;color:#ffffff;text-decoration:none;">{cta}</a></td></tr></table><!--<![endif]-->
</td>
</tr>
</table>
</td></tr>
"""


def html_order(d: Draft) -> str:
    lines = "".join(f"<p style=\"margin:0 0 8px 0;\">{line.format(num=d.order_number())}</p>\n" for line in d.w["order"])
    return f"""<tr><td style="padding:0 24px 24px 24px;font-family:Arial,sans-serif;font-size:14px;line-height:20px;color:#444444;">
{lines}</td></tr>
"""


def html_footer(d: Draft, transactional: bool) -> str:
    """A footer with one of several opt-out shapes, some of them flawed on purpose."""
    address = d.pick("streets")
    shape = d.rng.choices(
        ["notice", "bare-link", "hidden", "text-only", "dead-link", "tiny", "none"],
        weights=[50, 18, 6, 6, 6, 6, 8],
    )[0]
    if transactional and d.rng.random() < 0.7:
        shape = "none"
    tag = d.rng.choice(UNSUB_TAGS)
    href = tag if d.rng.random() < 0.75 else f"https://www.{d.domain}/{d.w['unsub_path']}?id={d.rng.randint(10000, 99999)}"
    label = d.pick("unsub")
    link = f'<a href="{href}" class="unsubscribe" style="color:#888888;text-decoration:underline;">{label}</a>'
    lines = []
    if shape == "notice":
        lines.append(d.pick("notice").format(link=link))
    elif shape == "bare-link":
        lines.append(link)
    elif shape == "hidden":
        lines.append(f'<span style="display:none;">{d.pick("notice").format(link=link)}</span>')
    elif shape == "text-only":
        lines.append(d.pick("notice").format(link=label))
    elif shape == "dead-link":
        lines.append(d.pick("notice").format(link=f'<a href="#" style="color:#888888;">{label}</a>'))
    elif shape == "tiny":
        lines.append(f'<a href="{href}" style="font-size:1px;color:#ffffff;">{label}</a>')
    if not transactional or d.rng.random() < 0.3:
        lines.append(d.w["reminder"].format(brand=d.brand))
    if d.rng.random() < 0.85:
        lines.append(f"{d.brand} &middot; {address}")
    if d.rng.random() < 0.3:
        lines.append(f'<!-- legal: reviewed {d.rng.randint(2019, 2025)}; {d.w["unsub_path"]} handled by ESP -->')
    body = "".join(f'<p style="margin:0 0 8px 0;">{line}</p>\n' for line in lines)
    return f"""<!-- footer -->
<tr><td class="footer" align="center" style="padding:24px;background-color:#f0f0f0;font-family:Arial,sans-serif;font-size:12px;line-height:18px;color:#888888;">
{body}</td></tr>
</table>
<!--[if (gte mso 9)|(IE)]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
"""


def html_email(d: Draft, target: int) -> str:
    transactional = d.rng.random() < 0.15
    subject = d.pick("subject")
    head = html_head(d, subject) + html_top(d, subject)
    if transactional:
        head += html_order(d)
    footer = html_footer(d, transactional)
    parts = [head]
    size = len(head.encode()) + len(footer.encode())
    index = 0
    # Repeat product blocks until the draft reaches its target size (at least one block).
    while index == 0 or size < target:
        block = html_product(d, index)
        parts.append(block)
        size += len(block.encode())
        index += 1
    parts.append(footer)
    return "".join(parts)


# ----------------------------------------------------------------------------------------------
# Markdown e-mails


def md_email(d: Draft, target: int) -> str:
    transactional = d.rng.random() < 0.15
    purpose = "transactional" if transactional else "marketing"
    audience = d.rng.choice(["customers", "prospects", "business"])
    subject = d.pick("subject")
    front = ["---", f'title: "{subject}"', f"date: 2025-{d.rng.randint(1, 12):02d}-{d.rng.randint(1, 28):02d}"]
    if d.rng.random() < 0.8:
        front += ["sendlint:", f"  purpose: {purpose}", f"  audience: {audience}"]
        if d.rng.random() < 0.5:
            front.append(f"  lang: {d.lang}")
    front.append("---")
    head = "\n".join(front) + "\n\n"
    head += f"# {subject}\n\n{d.pick('hello').format(name=d.rng.choice(FIRST_NAME_TAGS))}\n\n{d.pick('intro')} {d.pick('intro')}\n\n"
    if transactional:
        head += "".join(f"- {line.format(num=d.order_number())}\n" for line in d.w["order"]) + "\n"
    tag = d.rng.choice(UNSUB_TAGS)
    footer = "\n---\n\n"
    roll = d.rng.random()
    if roll < 0.6:
        footer += d.pick("notice").format(link=f"[{d.pick('unsub')}]({tag})") + "\n\n"
    elif roll < 0.8:
        footer += f"[{d.pick('unsub')}]({tag})\n\n"
    elif roll < 0.9:
        footer += f"<!-- {d.pick('unsub')}: {tag} -->\n\n"
    footer += d.w["reminder"].format(brand=d.brand) + "\n\n"
    if d.rng.random() < 0.8:
        footer += f"{d.brand}, {d.pick('streets')}\n"
    parts = [head]
    size = len(head.encode()) + len(footer.encode())
    index = 0
    while index == 0 or size < target:
        name = d.product_name()
        block = (f"## {name}\n\n![{name}](https://cdn.{d.domain}/img/{d.rng.randint(1000, 9999)}.jpg)\n\n"
                 f"{d.pick('desc')} {d.pick('desc')}\n\n**{d.price()}** &middot; [{d.pick('cta')}]({d.url('p')})\n\n")
        if d.rng.random() < 0.2:
            block += "".join(f"- {d.pick('desc')}\n" for _ in range(3)) + "\n"
        parts.append(block)
        size += len(block.encode())
        index += 1
    parts.append(footer)
    return "".join(parts)


# ----------------------------------------------------------------------------------------------
# SMS and WhatsApp


def short_url(d: Draft) -> str:
    token = "".join(d.rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(6))
    return f"https://{d.domain.split('.')[0][:6]}.ly/{token}"


def sms(d: Draft) -> str:
    sender = d.brand.split(" ")[0]
    text = d.pick("sms").format(brand=sender, url=short_url(d), num=d.order_number())
    if d.rng.random() < 0.2:
        text += "\n" + d.pick("streets")
    return text + "\n"


def whatsapp(d: Draft) -> str:
    # {{1}} and {{2}} are WhatsApp template variables and stay as they are.
    return d.pick("wa").replace("{brand}", d.brand).replace("{url}", short_url(d)) + "\n"


# ----------------------------------------------------------------------------------------------
# Forms


def form_page(d: Draft, target: int) -> str:
    f = d.w["form"]
    kind = d.rng.choice(["signup", "checkout", "contest", "account"])
    consent = d.rng.choices(["clean", "pre-ticked", "bundled", "opt-out", "hidden-checked", "commented"], weights=[45, 15, 12, 10, 8, 10])[0]
    checked = ' checked="checked"' if consent in ("pre-ticked", "hidden-checked") else ""
    controls = [
        f'<div class="field"><label for="email">{f["email"]} *</label><input type="email" id="email" name="email" required="required" autocomplete="email" /></div>',
        f'<div class="field"><label for="name">{f["name"]}</label><input type="text" id="name" name="name" autocomplete="name" /></div>',
    ]
    if kind in ("checkout", "account"):
        controls.append(f'<div class="field checkbox"><input type="checkbox" id="remember" name="remember" checked /> <label for="remember">{f["remember"]}</label></div>')
    if consent == "bundled":
        controls.append(f'<div class="field checkbox"><label><input type="checkbox" name="terms_marketing" value="1" required /> {f["bundled"]}</label></div>')
    else:
        if kind != "signup":
            controls.append(f'<div class="field checkbox"><input type="checkbox" id="terms" name="terms" required /> <label for="terms">{f["terms"]}</label></div>')
        if consent == "opt-out":
            controls.append(f'<div class="field checkbox"><input type="checkbox" id="nooffers" name="no_offers" /> <label for="nooffers">{f["optout"]}</label></div>')
        elif consent == "commented":
            controls.append(f'<!-- <input type="checkbox" name="newsletter" checked> {f["newsletter"]} -->')
            controls.append(f'<div class="field checkbox"><input type="checkbox" id="newsletter" name="newsletter" value="yes" /> <span id="nl-label">{f["newsletter"]}</span></div>')
        elif consent == "hidden-checked":
            controls.append(f'<div class="field checkbox" style="position:absolute;left:-9999px;"><input type="checkbox" id="newsletter" name="newsletter"{checked} aria-labelledby="nl-label" /> <span id="nl-label">{f["newsletter"]}</span></div>')
        else:
            controls.append(f'<div class="field checkbox"><input type="checkbox" id="newsletter" name="newsletter" value="yes"{checked} /> <label for="newsletter">{f["newsletter"]}</label></div>')
    controls.append(f'<p class="small"><a href="https://www.{d.domain}/privacy">{f["privacy"]}</a></p>')
    controls.append(f'<button type="submit" class="btn">{f["submit"]}</button>')
    head = f"""<!DOCTYPE html>
<html lang="{d.lang}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{f['title']} &ndash; {d.brand}</title>
<style>
  body {{ font-family: system-ui, sans-serif; margin: 0; color: #222; background: {d.background}; }}
  .field {{ margin: 0 0 12px 0; }} .field label {{ display: block; font-weight: 600; }}
  .checkbox label {{ display: inline; font-weight: normal; }} .btn {{ background: {d.accent}; color: #fff; border: 0; padding: 10px 20px; }}
  .small {{ font-size: 12px; color: #666; }}
</style>
</head>
<body>
<header><nav><a href="/">{d.brand}</a> | <a href="/shop">Shop</a> | <a href="/blog">Blog</a> | <a href="/contact">Contact</a></nav></header>
<main>
<h1>{f['title']}</h1>
<form action="https://www.{d.domain}/subscribe" method="post" class="{kind}-form">
<input type="hidden" name="csrf" value="{d.rng.getrandbits(64):016x}" />
{chr(10).join(controls)}
</form>
"""
    footer = f"""</main>
<footer><p>&copy; 2025 {d.brand} &middot; {d.pick('streets')}</p></footer>
</body>
</html>
"""
    parts = [head]
    size = len(head.encode()) + len(footer.encode())
    # Pad with page content (articles and teasers) up to the target size.
    while size < target:
        name = d.product_name()
        block = (f'<article class="teaser"><h2>{name}</h2><p>{d.pick("desc")} {d.pick("desc")} {d.pick("intro")}</p>'
                 f'<p><a href="{d.url("p")}">{d.pick("cta")}</a> &middot; {d.price()}</p></article>\n')
        parts.append(block)
        size += len(block.encode())
    parts.append(footer)
    return "".join(parts)


# ----------------------------------------------------------------------------------------------
# Planning sizes and writing


def log_uniform(rng: random.Random, low: int, high: int) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def fit_sizes(sizes: list[float], budget: float, low: int, high: int) -> list[int]:
    """Scale sizes so they sum to budget, each kept within [low, high]."""
    sizes = list(sizes)
    for _ in range(50):
        total = sum(sizes)
        if total <= 0 or abs(total - budget) < 0.001 * budget:
            break
        factor = budget / total
        sizes = [min(high, max(low, size * factor)) for size in sizes]
    return [int(size) for size in sizes]


def plan(rng: random.Random, count: int, target_bytes: int) -> list[tuple[str, str, int]]:
    """(kind, language, target size) per file, in writing order."""
    counts = {kind: int(round(share * count)) for kind, share in KIND_SHARES}
    counts["html-email"] += count - sum(counts.values())
    entries: list[tuple[str, str, int]] = []
    other_bytes = 0
    for kind, _ in KIND_SHARES:
        for _ in range(counts[kind]):
            lang = rng.choices(LANGS, weights=LANG_WEIGHTS)[0]
            if kind == "md-email":
                size = int(log_uniform(rng, MD_MIN, MD_MAX))
            elif kind == "form":
                size = int(log_uniform(rng, FORM_MIN, FORM_MAX))
            elif kind in ("sms", "whatsapp"):
                size = 200
            else:
                size = 0
            other_bytes += size
            entries.append((kind, lang, size))
    html_indices = [i for i, entry in enumerate(entries) if entry[0] == "html-email"]
    budget = max(target_bytes - other_bytes, len(html_indices) * HTML_MIN)
    raw = [log_uniform(rng, HTML_MIN, HTML_MAX) for _ in html_indices]
    fitted = fit_sizes(raw, budget, HTML_MIN, HTML_MAX)
    for i, size in zip(html_indices, fitted):
        kind, lang, _ = entries[i]
        entries[i] = (kind, lang, size)
    return entries


def main(argv: list[str]) -> int:
    if len(argv) != 5:
        print("usage: gen_corpus.py SEED OUTDIR COUNT TARGET_MB", file=sys.stderr)
        return 2
    try:
        seed, count, target_mb = int(argv[1]), int(argv[3]), float(argv[4])
    except ValueError:
        print("error: SEED and COUNT must be integers, TARGET_MB a number", file=sys.stderr)
        return 2
    if count < len(KIND_SHARES) or target_mb <= 0:
        print(f"error: COUNT must be at least {len(KIND_SHARES)} and TARGET_MB positive", file=sys.stderr)
        return 2
    out = Path(argv[2])
    if out.exists() and any(out.iterdir()):
        print(f"error: {out} is not empty", file=sys.stderr)
        return 2

    rng = random.Random(seed)
    entries = plan(rng, count, int(target_mb * 1_000_000))
    per_kind: dict[str, list[int]] = {kind: [0, 0] for kind, _ in KIND_SHARES}
    serial: dict[str, int] = {}
    digest = hashlib.sha256()
    for kind, lang, size in entries:
        draft = Draft(rng, lang)
        if kind == "html-email":
            text, prefix, ext = html_email(draft, size), "email", "html"
        elif kind == "md-email":
            text, prefix, ext = md_email(draft, size), "mdmail", "md"
        elif kind == "sms":
            text, prefix, ext = sms(draft), "sms", "txt"
        elif kind == "whatsapp":
            text, prefix, ext = whatsapp(draft), "wa", "txt"
        else:
            text, prefix, ext = form_page(draft, size), "form", "html"
        key = f"{prefix}_{lang}"
        serial[key] = serial.get(key, 0) + 1
        relative = f"{KIND_FOLDERS[kind]}/{key}_{serial[key]:04d}.{ext}"
        data = text.encode("utf-8")
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        digest.update(relative.encode() + b"\0" + data + b"\0")
        per_kind[kind][0] += 1
        per_kind[kind][1] += len(data)

    total = sum(size for _, size in per_kind.values())
    for kind, (files, size) in per_kind.items():
        print(f"kind {kind} {KIND_FOLDERS[kind]} {files} {size}")
    print(f"total {sum(files for files, _ in per_kind.values())} {total}")
    print(f"sha256 {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
