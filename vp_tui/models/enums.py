"""Enumerations with stable keys and Dutch labels.

Keys are stored in the database and used by imports; labels are what people read. A key
never changes once released: renaming a label is free, renaming a key needs a migration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple


class Choice(NamedTuple):
    key: str
    label: str
    #: True for steps that reach outside the conversation room and need the melder's consent.
    outward: bool = False


class Enumeration:
    """An ordered, closed set of choices; parsing accepts a key or a label, any case."""

    def __init__(self, name: str, *choices: Choice) -> None:
        self.name = name
        self.choices = choices
        self._by_key = {c.key: c for c in choices}
        self._by_text = {c.key.casefold(): c for c in choices}
        self._by_text.update({c.label.casefold(): c for c in choices})

    def __iter__(self) -> Iterator[Choice]:
        return iter(self.choices)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def keys(self) -> list[str]:
        return [c.key for c in self.choices]

    def label(self, key: str | None) -> str:
        if key is None or key == "":
            return ""
        choice = self._by_key.get(key)
        return choice.label if choice else key

    def get(self, key: str) -> Choice:
        return self._by_key[key]

    def parse(self, text: str) -> str | None:
        """The key for a key or label typed by a person, or None when it matches nothing."""
        choice = self._by_text.get(text.strip().casefold())
        return choice.key if choice else None

    def as_options(self) -> list[tuple[str, str]]:
        """(label, key) pairs, the shape Textual's Select wants."""
        return [(c.label, c.key) for c in self.choices]


def _c(key: str, label: str, outward: bool = False) -> Choice:
    return Choice(key, label, outward)


GENDERS = Enumeration("geslacht", _c("m", "man"), _c("v", "vrouw"), _c("x", "anders"))

ROLES = Enumeration(
    "rol",
    _c("adviser", "adviseur"),
    _c("coordinator", "coördinator"),
    _c("admin", "beheerder"),
)

VP_TYPES = Enumeration(
    "soort VP",
    _c("oo", "ongewenste omgangsvormen"),
    _c("integriteit", "integriteit"),
    _c("beide", "ongewenste omgangsvormen en integriteit"),
)

ENGAGEMENT_ROLES = Enumeration("functie", _c("vaste_vp", "vaste VP"), _c("tweede_vp", "tweede VP"))

CASE_TYPES = Enumeration(
    "soort melding",
    _c("oo", "ongewenste omgangsvormen"),
    _c("integriteit", "integriteit"),
    _c("buiten_taak", "buiten taakgebied"),
)

CATEGORIES = Enumeration(
    "categorie",
    _c("pesten", "pesten"),
    _c("seksuele_intimidatie", "seksuele intimidatie"),
    _c("agressie_geweld", "agressie en geweld"),
    _c("discriminatie", "discriminatie"),
    _c("intimidatie", "intimidatie"),
    _c("grensoverschrijdend", "overig grensoverschrijdend gedrag"),
    _c("fraude", "fraude"),
    _c("corruptie", "corruptie"),
    _c("misbruik", "misbruik van bevoegdheden, middelen of positie"),
    _c("arbeidsconflict", "arbeidsconflict"),
    _c("reorganisatie", "reorganisatie"),
    _c("functionering", "functionering en beoordeling"),
    _c("prive", "privéproblemen"),
    _c("overig", "overig"),
)

RELATIONS = Enumeration(
    "relatie",
    _c("collega", "collega"),
    _c("leidinggevende", "leidinggevende"),
    _c("ondergeschikte", "ondergeschikte"),
    _c("klant_derde", "klant of derde"),
    _c("onbekend", "onbekend"),
)

MELDER_ROLES = Enumeration(
    "rol melder",
    _c("medewerker", "medewerker"),
    _c("leidinggevende", "leidinggevende"),
    _c("oud_medewerker", "oud-medewerker"),
    _c("flex", "uitzendkracht of inhuur"),
    _c("stagiair", "stagiair"),
    _c("vrijwilliger", "vrijwilliger"),
    _c("overig", "overig"),
)

CHANNELS = Enumeration(
    "kanaal",
    _c("telefoon", "telefoon"),
    _c("email", "e-mail"),
    _c("persoonlijk", "persoonlijk"),
    _c("video", "videogesprek"),
    _c("overig", "overig"),
)

CONVERSATION_MODES = Enumeration(
    "vorm",
    _c("persoonlijk", "persoonlijk"),
    _c("telefoon", "telefonisch"),
    _c("video", "video"),
    _c("email", "e-mail"),
)

#: The melder's choice model (keuzemodel). Every outward step needs recorded consent.
STEPS = Enumeration(
    "stap",
    _c("zelf_aanspreken", "zelf de veroorzaker aanspreken"),
    _c("leidinggevende", "leidinggevende inlichten", outward=True),
    _c("bemiddeling_vp", "bemiddeling door de VP", outward=True),
    _c("mediation", "mediation", outward=True),
    _c("klacht", "klacht bij de klachtencommissie", outward=True),
    _c("rechter", "naar de rechter", outward=True),
    _c("aangifte", "aangifte bij de politie", outward=True),
    _c("cvrm", "College voor de Rechten van de Mens", outward=True),
    _c("melding_werkgever", "melding integriteit bij de werkgever", outward=True),
    _c("huis_klokkenluiders", "melding bij het Huis voor Klokkenluiders", outward=True),
    _c("geen_actie", "geen verdere actie"),
)

REFERRAL_DESTINATIONS = Enumeration(
    "verwijzing",
    _c("bedrijfsarts", "bedrijfsarts"),
    _c("huisarts", "huisarts"),
    _c("mediator", "mediator"),
    _c("juridisch", "juridisch advies"),
    _c("bmw", "bedrijfsmaatschappelijk werk"),
    _c("klachtencommissie", "klachtencommissie"),
    _c("politie", "politie"),
    _c("huis_klokkenluiders", "Huis voor Klokkenluiders"),
    _c("p_en_o", "P&O / HR"),
    _c("management", "management"),
    _c("overig", "overig"),
)

OUTCOMES = Enumeration(
    "uitkomst",
    _c("opgelost", "opgelost of verbeterd"),
    _c("zelf_verder", "melder gaat zelf verder"),
    _c("verwezen", "doorverwezen"),
    _c("formeel", "formele klacht of melding"),
    _c("vertrek", "melder vertrokken"),
    _c("gestopt", "melder gestopt met contact"),
    _c("geen", "geen actie gewenst"),
    _c("overig", "overig"),
)

STATUSES = Enumeration(
    "status",
    _c("intake", "intake"),
    _c("begeleiding", "begeleiding"),
    _c("nazorg", "nazorg"),
    _c("afgesloten", "afgesloten"),
)
#: The status of a closed case (STATUSES).
CLOSED = "afgesloten"

ENTRY_KINDS = Enumeration(
    "soort",
    _c("gesprek", "gesprek"),
    _c("notitie", "notitie"),
    _c("stap", "stap"),
    _c("verwijzing", "verwijzing"),
    _c("status", "statuswijziging"),
    #: The melder's consent given (consent True) or withdrawn (False) on an existing case.
    _c("toestemming", "toestemming"),
)

ABSENCE_KINDS = Enumeration(
    "afwezigheid",
    _c("vakantie", "vakantie"),
    _c("ziek", "ziek"),
    _c("cursus", "cursus"),
    _c("overig", "overig"),
)

DAY_PARTS = Enumeration(
    "dagdeel", _c("dag", "hele dag"), _c("ochtend", "ochtend"), _c("middag", "middag")
)

ACTIVITY_KINDS = Enumeration(
    "activiteit",
    _c("voorlichting", "voorlichting"),
    _c("advies", "advies"),
    _c("jaargesprek", "jaargesprek"),
    _c("overig", "overig"),
)

CHECKLIST_STATUSES = Enumeration(
    "status regeling",
    _c("geregeld", "geregeld"),
    _c("niet_geregeld", "niet geregeld"),
    _c("onbekend", "onbekend"),
    _c("nvt", "n.v.t."),
)

#: The arrangements an employer should make (seeds 000, 001, 002, 003).
CHECKLIST = Enumeration(
    "regeling",
    _c("intern_extern", "interne en/of externe VP aangesteld"),
    _c("positie_bestuur", "gepositioneerd direct onder het bestuur"),
    _c("onafhankelijk", "onafhankelijke positie"),
    _c("tijd_budget", "tijd en/of budget"),
    _c("taken_bevoegdheden", "duidelijke taken en bevoegdheden"),
    _c("benoemingstermijn", "benoemingstermijn"),
    _c("scholing", "budget voor scholing en intervisie"),
    _c("geheimhouding", "geheimhouding en registratie vastgelegd"),
    _c("benadelingsbescherming", "bescherming tegen benadeling van (oud-)VP's"),
    _c("bekendheid", "bekendmaking van de VP"),
    _c("communicatie", "communicatie over de rol"),
    _c("bereikbaarheid", "toegankelijkheid en bereikbaarheid"),
    _c("jaarverslag", "jaarlijks schriftelijk verslag aan het bestuur"),
    _c("man_vrouw", "een man en een vrouw als VP beschikbaar"),
    _c("vervanging", "vervangingsregeling bij afwezigheid"),
)

#: What is wrong with an organisation's cover on a working day (computed, never stored).
#: A client's days off beyond the agency's calendar (services.dutch_holidays).
DAYS_OFF = Enumeration(
    "vrije dagen",
    _c("goede_vrijdag", "Goede Vrijdag"),
    _c("bevrijdingsdag", "Bevrijdingsdag elk jaar"),
    _c("kerstsluiting", "dicht tussen Kerst en Nieuwjaar"),
)

GAP_KINDS = Enumeration(
    "tekort",
    _c("onbezet", "onbezet"),
    _c("onvolledig", "onvolledig (man en vrouw)"),
)
