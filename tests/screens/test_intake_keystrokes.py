"""A full intake with a first conversation in at most 20 keys besides the text typed, driven
with real key presses only: every key goes through pilot.press, none sets a widget directly."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from tests.apps import TODAY, demo_app
from tests.services.casework import ZUIDVLIET
from vp_tui.models import Organisation
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.screens.organisation_detail import OrganisationDetailScreen
from vp_tui.services.cases import intake, queries
from vp_tui.services.cases.queries import CaseFilter, list_cases
from vp_tui.widgets.choice import TYPE_PAUSE, TypeAhead

SIZE = (100, 32)
MOST_KEYS = 20


def highlighted(form) -> list[str]:
    """The labels drawn unlike the others: the focused field's, and only that one."""
    labels = list(form.query(".form-label"))
    usual = Counter(label.styles.background for label in labels).most_common(1)[0][0]
    return [str(label.render()) for label in labels if label.styles.background != usual]


class Keys:
    """Presses keys, counting every key that is not a character of text typed into a field:
    Tab, Space on a tick box, ctrl+s, the letters of commands such as `m` and `n`, and the
    letters typed on a choice to jump to an option."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def key(self, *keys: str) -> None:
        self.count += len(keys)
        for key in keys:
            await self.pilot.press(key)
        await self.pilot.pause()

    async def text(self, text: str) -> None:
        """Characters typed into a field."""
        await self.pilot.press(*("space" if ch == " " else ch for ch in text))
        await self.pilot.pause()


async def test_a_full_intake_with_its_first_conversation_takes_at_most_20_keys() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        keys = Keys(pilot)
        ctx = app.session.ctx
        before = {c.id for c in list_cases(ctx, CaseFilter())}
        start = intake.new_intake(ctx)
        await keys.key("m", "n")  # the case list, a new case
        assert isinstance(app.screen, FormScreen)
        await keys.key("g")  # organisation: Gemeente Zuidvliet
        assert highlighted(app.screen.form) == ["Organisatie"]
        await keys.key("tab", "tab", "tab", "tab")  # date, channel and type as proposed
        assert highlighted(app.screen.form) == ["Categorieën"]
        await keys.key("d")  # categories: to 'discriminatie' ...
        await keys.key("space", "tab")  # ... ticked
        await keys.text("Zonnebloem")
        await keys.key("tab")
        await keys.key("m")  # role: medewerker
        await keys.key("tab")
        await keys.key("c")  # relation: collega
        await keys.key("tab", "space", "tab")  # consent ticked
        await keys.text("45")
        await keys.key("tab", "tab")  # the mode follows the channel
        await keys.text("Eerste gesprek, melder voelt zich buitengesloten.")
        await keys.key("ctrl+s")

        assert isinstance(app.screen, CaseDetailScreen), app.screen
        assert keys.count <= MOST_KEYS, keys.count
        [new] = {c.id for c in list_cases(ctx, CaseFilter())} - before
        case = queries.get_case(ctx, new)
        assert case.organisation_id == Organisation.get(Organisation.name == ZUIDVLIET).id
        assert (case.opened_on, case.channel, case.case_type) == (TODAY, start.channel,
                                                                   start.case_type)
        assert (case.categories, case.melder_code, case.melder_role, case.relation) == (
            ["discriminatie"], "Zonnebloem", "medewerker", "collega")
        assert (case.consent_recorded, case.consent_on) == (True, TODAY)
        [first] = case.timeline
        assert (first.kind, first.occurred_on, first.minutes, first.text) == (
            "gesprek", TODAY, 45, "Eerste gesprek, melder voelt zich buitengesloten.")
        assert first.mode == start.channel  # a phoned report: a phone conversation


def test_typed_letters_add_up_until_a_pause_and_a_miss_changes_nothing() -> None:
    channels = ["telefoon", "e-mail", "persoonlijk", "videogesprek", "overig"]
    ahead = TypeAhead(spaces=True)
    assert ahead.find("t", 10.0, channels) == 0
    assert ahead.find("e", 10.1, channels) == 0  # 'te': still telefoon
    assert ahead.find("e", 10.1 + TYPE_PAUSE + 0.1, channels) == 1  # after a pause: e-mail
    assert ahead.find("v", 11.3, channels) == 3  # 'ev' matches nothing; 'v' alone does
    assert ahead.find("x", 11.4, channels) is None
    assert not ahead.takes(" ")  # no search begun: Space opens the menu
    ahead.find("g", 12.2, ["gemeente zuidvliet"])
    assert ahead.takes(" ")  # organisations have names of several words
    assert not TypeAhead(spaces=False).takes(" ")  # on tick boxes Space ticks
    assert not ahead.takes(None) and not ahead.takes("\t")


async def test_an_intake_from_an_organisation_s_file_starts_with_that_organisation() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        zuidvliet = Organisation.get(Organisation.name == ZUIDVLIET).id
        await app.push_screen(OrganisationDetailScreen(zuidvliet))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form.read_field("organisation_id") == zuidvliet


@given(labels=st.lists(st.text("abc ", min_size=1, max_size=4), min_size=1, max_size=6),
       typed=st.text("abcd", min_size=1, max_size=5))
def test_a_jump_lands_on_the_first_label_that_starts_with_the_letters_kept(labels, typed):
    ahead = TypeAhead(spaces=True)
    for n, character in enumerate(typed):
        found = ahead.find(character, 100.0 + n * 0.01, labels)
        if found is None:
            assert ahead.typed == ""
        else:
            assert labels[found].startswith(ahead.typed) and ahead.typed.endswith(character)
            assert not any(label.startswith(ahead.typed) for label in labels[:found])
