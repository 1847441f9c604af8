"""Enumerations with stable keys and Dutch labels.

Keys are stored in the database and used by imports; labels are what people read. A key
never changes once released: renaming a label is free, renaming a key needs a migration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from vp_tui.i18n import N_, _


class Choice(NamedTuple):
    key: str
    label: str  # in the interface's language
    #: True for steps that reach outside the conversation room and need the melder's consent.
    outward: bool = False
    source: str = ""  # the Dutch label, which imports also accept in every language


class Enumeration:
    """An ordered, closed set of choices; parsing accepts a key or a label, any case."""

    def __init__(self, name: str, *choices: Choice) -> None:
        self.name = _(name)
        self.choices = choices
        self._by_key = {c.key: c for c in choices}
        self._by_text = {c.key.casefold(): c for c in choices}
        self._by_text.update({c.source.casefold(): c for c in choices})
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
    """A choice; its label is translated once, when the module is imported: after the
    language is chosen (vp_tui.cli.base sets it before anything imports the models)."""
    return Choice(key, _(label), outward, label)


GENDERS = Enumeration(N_("geslacht"), _c("m", N_("man")), _c("v", N_("vrouw")),
                      _c("x", N_("anders")))

ROLES = Enumeration(
    N_("rol"),
    _c("adviser", N_("adviseur")),
    _c("coordinator", N_("coördinator")),
    _c("admin", N_("beheerder")),
)

VP_TYPES = Enumeration(
    N_("soort VP"),
    _c("oo", N_("ongewenste omgangsvormen")),
    _c("integriteit", N_("integriteit")),
    _c("beide", N_("ongewenste omgangsvormen en integriteit")),
)

ENGAGEMENT_ROLES = Enumeration(N_("functie"), _c("vaste_vp", N_("vaste VP")),
                               _c("tweede_vp", N_("tweede VP")))

CASE_TYPES = Enumeration(
    N_("soort melding"),
    _c("oo", N_("ongewenste omgangsvormen")),
    _c("integriteit", N_("integriteit")),
    _c("buiten_taak", N_("buiten taakgebied")),
)

CATEGORIES = Enumeration(
    N_("categorie"),
    _c("pesten", N_("pesten")),
    _c("seksuele_intimidatie", N_("seksuele intimidatie")),
    _c("agressie_geweld", N_("agressie en geweld")),
    _c("discriminatie", N_("discriminatie")),
    _c("intimidatie", N_("intimidatie")),
    _c("grensoverschrijdend", N_("overig grensoverschrijdend gedrag")),
    _c("fraude", N_("fraude")),
    _c("corruptie", N_("corruptie")),
    _c("misbruik", N_("misbruik van bevoegdheden, middelen of positie")),
    _c("arbeidsconflict", N_("arbeidsconflict")),
    _c("reorganisatie", N_("reorganisatie")),
    _c("functionering", N_("functionering en beoordeling")),
    _c("prive", N_("privéproblemen")),
    _c("overig", N_("overig")),
)

RELATIONS = Enumeration(
    N_("relatie"),
    _c("collega", N_("collega")),
    _c("leidinggevende", N_("leidinggevende")),
    _c("ondergeschikte", N_("ondergeschikte")),
    _c("klant_derde", N_("klant of derde")),
    _c("onbekend", N_("onbekend")),
)

MELDER_ROLES = Enumeration(
    N_("rol melder"),
    _c("medewerker", N_("medewerker")),
    _c("leidinggevende", N_("leidinggevende")),
    _c("oud_medewerker", N_("oud-medewerker")),
    _c("flex", N_("uitzendkracht of inhuur")),
    _c("stagiair", N_("stagiair")),
    _c("vrijwilliger", N_("vrijwilliger")),
    _c("overig", N_("overig")),
)

CHANNELS = Enumeration(
    N_("kanaal"),
    _c("telefoon", N_("telefoon")),
    _c("email", N_("e-mail")),
    _c("persoonlijk", N_("persoonlijk")),
    _c("video", N_("videogesprek")),
    _c("overig", N_("overig")),
)

CONVERSATION_MODES = Enumeration(
    N_("vorm"),
    _c("persoonlijk", N_("persoonlijk")),
    _c("telefoon", N_("telefonisch")),
    _c("video", N_("video")),
    _c("email", N_("e-mail")),
)

#: The melder's choice model (keuzemodel). Every outward step needs recorded consent.
STEPS = Enumeration(
    N_("stap"),
    _c("zelf_aanspreken", N_("zelf de veroorzaker aanspreken")),
    _c("leidinggevende", N_("leidinggevende inlichten"), outward=True),
    _c("bemiddeling_vp", N_("bemiddeling door de VP"), outward=True),
    _c("mediation", N_("mediation"), outward=True),
    _c("klacht", N_("klacht bij de klachtencommissie"), outward=True),
    _c("rechter", N_("naar de rechter"), outward=True),
    _c("aangifte", N_("aangifte bij de politie"), outward=True),
    _c("cvrm", N_("College voor de Rechten van de Mens"), outward=True),
    _c("melding_werkgever", N_("melding integriteit bij de werkgever"), outward=True),
    _c("huis_klokkenluiders", N_("melding bij het Huis voor Klokkenluiders"), outward=True),
    _c("geen_actie", N_("geen verdere actie")),
)

REFERRAL_DESTINATIONS = Enumeration(
    N_("verwijzing"),
    _c("bedrijfsarts", N_("bedrijfsarts")),
    _c("huisarts", N_("huisarts")),
    _c("mediator", N_("mediator")),
    _c("juridisch", N_("juridisch advies")),
    _c("bmw", N_("bedrijfsmaatschappelijk werk")),
    _c("klachtencommissie", N_("klachtencommissie")),
    _c("politie", N_("politie")),
    _c("huis_klokkenluiders", N_("Huis voor Klokkenluiders")),
    _c("p_en_o", N_("P&O / HR")),
    _c("management", N_("management")),
    _c("overig", N_("overig")),
)

OUTCOMES = Enumeration(
    N_("uitkomst"),
    _c("opgelost", N_("opgelost of verbeterd")),
    _c("zelf_verder", N_("melder gaat zelf verder")),
    _c("verwezen", N_("doorverwezen")),
    _c("formeel", N_("formele klacht of melding")),
    _c("vertrek", N_("melder vertrokken")),
    _c("gestopt", N_("melder gestopt met contact")),
    _c("geen", N_("geen actie gewenst")),
    _c("overig", N_("overig")),
)

STATUSES = Enumeration(
    N_("status"),
    _c("intake", N_("intake")),
    _c("begeleiding", N_("begeleiding")),
    _c("nazorg", N_("nazorg")),
    _c("afgesloten", N_("afgesloten")),
)
#: The status of a closed case (STATUSES).
CLOSED = "afgesloten"

ENTRY_KINDS = Enumeration(
    N_("soort"),
    _c("gesprek", N_("gesprek")),
    _c("notitie", N_("notitie")),
    _c("stap", N_("stap")),
    _c("verwijzing", N_("verwijzing")),
    _c("status", N_("statuswijziging")),
    #: The melder's consent given (consent True) or withdrawn (False) on an existing case.
    _c("toestemming", N_("toestemming")),
)

ABSENCE_KINDS = Enumeration(
    N_("afwezigheid"),
    _c("vakantie", N_("vakantie")),
    _c("ziek", N_("ziek")),
    _c("cursus", N_("cursus")),
    _c("overig", N_("overig")),
)

DAY_PARTS = Enumeration(
    N_("dagdeel"), _c("dag", N_("hele dag")), _c("ochtend", N_("ochtend")),
    _c("middag", N_("middag"))
)

ACTIVITY_KINDS = Enumeration(
    N_("activiteit"),
    _c("voorlichting", N_("voorlichting")),
    _c("advies", N_("advies")),
    _c("jaargesprek", N_("jaargesprek")),
    _c("overig", N_("overig")),
)

CHECKLIST_STATUSES = Enumeration(
    N_("status regeling"),
    _c("geregeld", N_("geregeld")),
    _c("niet_geregeld", N_("niet geregeld")),
    _c("onbekend", N_("onbekend")),
    _c("nvt", N_("n.v.t.")),
)

#: The arrangements an employer should make (seeds 000, 001, 002, 003).
CHECKLIST = Enumeration(
    N_("regeling"),
    _c("intern_extern", N_("interne en/of externe VP aangesteld")),
    _c("positie_bestuur", N_("gepositioneerd direct onder het bestuur")),
    _c("onafhankelijk", N_("onafhankelijke positie")),
    _c("tijd_budget", N_("tijd en/of budget")),
    _c("taken_bevoegdheden", N_("duidelijke taken en bevoegdheden")),
    _c("benoemingstermijn", N_("benoemingstermijn")),
    _c("scholing", N_("budget voor scholing en intervisie")),
    _c("geheimhouding", N_("geheimhouding en registratie vastgelegd")),
    _c("benadelingsbescherming", N_("bescherming tegen benadeling van (oud-)VP's")),
    _c("bekendheid", N_("bekendmaking van de VP")),
    _c("communicatie", N_("communicatie over de rol")),
    _c("bereikbaarheid", N_("toegankelijkheid en bereikbaarheid")),
    _c("jaarverslag", N_("jaarlijks schriftelijk verslag aan het bestuur")),
    _c("man_vrouw", N_("een man en een vrouw als VP beschikbaar")),
    _c("vervanging", N_("vervangingsregeling bij afwezigheid")),
)

#: A client's days off beyond the agency's calendar (services.dutch_holidays).
DAYS_OFF = Enumeration(
    N_("vrije dagen"),
    _c("goede_vrijdag", N_("Goede Vrijdag")),
    _c("bevrijdingsdag", N_("Bevrijdingsdag elk jaar")),
    _c("kerstsluiting", N_("dicht tussen Kerst en Nieuwjaar")),
)

#: What is wrong with an organisation's cover on a working day (computed, never stored).
GAP_KINDS = Enumeration(
    N_("tekort"),
    _c("onbezet", N_("onbezet")),
    _c("onvolledig", N_("onvolledig (man en vrouw)")),
)
