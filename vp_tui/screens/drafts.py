"""Nothing typed is lost: the question before an edited form closes, the crash drafts of open
forms, and their offer at the next start.

- `DraftKeeper` keeps an open form's long text (its text areas) as a draft every
  DRAFT_SECONDS when it changed (services/drafts.py). The write runs on one thread of its own,
  so the screen never waits on it and writes happen in the order they were asked for: a
  draft deleted after a save stays deleted.
- `LeaveQuestion` asks what to do with an edited form: Opslaan, Weggooien, Verder bewerken.
- `DraftsOffer` lists the adviser's drafts at the start of a session; Openen builds the form
  again with the draft's text in it (a form on a case the adviser may still see, the intake,
  the annual report), and otherwise shows the text read-only to copy (`DraftText`).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from vp_tui.errors import VpError
from vp_tui.i18n import _, fmt_date
from vp_tui.screens.errors import notify_refused, reports_errors
from vp_tui.services import drafts
from vp_tui.services.context import Context
from vp_tui.text import strip_controls
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.safe import literal

if TYPE_CHECKING:
    from textual.widget import Widget

log = logging.getLogger(__name__)

#: How often an open form's long text is kept when it changed.
DRAFT_SECONDS = 3.0
#: The forms of the case screen that a draft can open again (its actions of the same name).
CASE_FORMS = frozenset({"conversation", "note", "step", "referral", "status"})

Texts = dict[str, str]


class DraftTarget(NamedTuple):
    """Which draft an open form keeps: its key (services/drafts.py), the title the offer
    shows, and the case it is typed for."""

    key: str
    title: str
    case_id: int | None = None


_writer: ThreadPoolExecutor | None = None
#: Per app: form key -> the draft's texts, for the form with that key to take when it opens.
_restoring: weakref.WeakKeyDictionary[App, dict[str, Texts]] = weakref.WeakKeyDictionary()


def _write(job: Callable[[], None]) -> None:
    """One thread for every draft write of the process: in order, never on the UI thread.
    A refused write (the case gone out of sight, the database busy) is logged; the next
    change tries again."""
    global _writer
    if _writer is None:
        _writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vp-draft")

    def run() -> None:
        try:
            job()
        except VpError as error:
            log.warning("draft not kept: %s", error)
        except Exception:  # a bug: logged with its traceback, never the draft's text
            log.exception("draft write failed")

    _writer.submit(run)


def drain() -> None:
    """Wait until every draft write asked for so far is done."""
    if _writer is not None:
        _writer.submit(lambda: None).result()


def restore_later(app: App, key: str, texts: Texts) -> None:
    """The next form opened with `key` starts with `texts` (see `take_restored`)."""
    _restoring.setdefault(app, {})[key] = texts


def take_restored(app: App, key: str) -> Texts | None:
    return _restoring.get(app, {}).pop(key, None)


class DraftKeeper:
    """Keeps what `texts()` returns (None: nothing to read right now) as the draft `key` while
    it differs from `opened` (what the form showed when it opened); a draft equal to `opened`
    is deleted. `held`: the store holds a draft of this form already (it was restored).
    `stamp` adds entries about the texts to what is written (services/drafts.META)."""

    def __init__(self, node: Widget, ctx: Context, key: str, title: str,
                 texts: Callable[[], Texts | None], opened: Texts, *, case_id: int | None = None,
                 held: bool = False, stamp: Callable[[], Texts] | None = None) -> None:
        self.key, self._ctx, self._title, self._case_id = key, ctx, title, case_id
        self._stamp = stamp
        self._texts, self._opened = texts, opened
        self._last = self._latest = texts() or opened
        self._held = held
        self._timer = node.set_interval(DRAFT_SECONDS, self.keep, name="draft")

    def seen(self) -> None:
        """A text changed (TextArea.Changed): remember it for `last`."""
        texts = self._texts()
        if texts is not None:
            self._latest = texts

    def keep(self) -> None:
        """Keep the texts if they changed since the last time (the timer calls this)."""
        self.seen()
        self._store(self._latest)

    def last(self) -> None:
        """The form goes away unsaved (the session ends, its widgets are gone): keep the
        latest texts it showed."""
        self._store(self._latest)

    def _store(self, texts: Texts) -> None:
        if self._timer is None or texts == self._last:
            return
        self._last = texts
        if texts == self._opened:
            self._drop()
            return
        ctx, key, title, case_id = self._ctx, self.key, self._title, self._case_id
        payload = {**texts, **(self._stamp() if self._stamp is not None else {})}
        _write(lambda: drafts.keep(ctx, key, title, payload, case_id=case_id))
        self._held = True

    def settled(self, texts: Texts) -> None:
        """The form's texts were saved (or dropped on purpose) and are its new start: no
        draft."""
        self._opened = self._last = self._latest = texts
        self._drop()

    def stop(self) -> None:
        """The form closes, saved or discarded: its draft goes."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._drop()

    def _drop(self) -> None:
        if self._held:
            ctx, key = self._ctx, self.key
            _write(lambda: drafts.discard(ctx, key))
            self._held = False


class LeaveQuestion(ModalScreen[str]):
    """An edited form is closing: 'save', 'discard' or 'edit' (the default, also Esc)."""

    CSS_PATH = "drafts.tcss"
    BINDINGS = [
        Binding("o", "answer('save')", _("Opslaan")),
        Binding("w", "answer('discard')", _("Weggooien")),
        Binding("v,escape", "answer('edit')", _("Verder bewerken")),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]
    AUTO_FOCUS = "#edit"

    def compose(self) -> ComposeResult:
        with Vertical(classes="question"):
            yield Static(_("Het formulier is gewijzigd en niet opgeslagen."))
            with Horizontal(classes="buttons"):
                yield Button(_("Opslaan (o)"), id="save", compact=True)
                yield Button(_("Weggooien (w)"), id="discard", compact=True)
                yield Button(_("Verder bewerken (v)"), id="edit", compact=True,
                             variant="primary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "edit")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


def _when(info: drafts.DraftInfo) -> str:
    from datetime import UTC

    local = info.updated_at.replace(tzinfo=UTC).astimezone()  # stored in UTC
    return fmt_date(local.date(), "short") + local.strftime(" %H:%M")


def may_open(info: drafts.DraftInfo) -> bool:
    """The form can be built again: what it was for is still in sight, and it is a form
    this version knows."""
    ref = drafts.parse_key(info.form_key)
    return info.reachable and ref is not None and (ref.kind != "case" or ref.form in CASE_FORMS)


class DraftsOffer(ModalScreen[drafts.DraftInfo | None]):
    """The adviser's drafts, newest first; dismisses with the one to open again."""

    CSS_PATH = "drafts.tcss"
    BINDINGS = [
        Binding("o", "open", _("Openen")),
        Binding("w", "discard", _("Weggooien")),
        Binding("escape", "dismiss(None)", _("Later")),
    ]
    AUTO_FOCUS = "#drafts"

    def __init__(self, ctx: Context, found: list[drafts.DraftInfo]) -> None:
        super().__init__()
        self._ctx = ctx
        self._found = found

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Niet-opgeslagen tekst van een vorige sessie"), classes="dialog-title")
            yield Static(_("o of Enter opent het formulier weer met de tekst erin (of toont de "
                           "tekst om te kopiëren), w gooit het concept weg, Esc: later (het "
                           "blijft bewaard)."), classes="dialog-hint")
            yield OptionList(*self._options(), id="drafts")
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for info in self._found:
            line = f"{_when(info)}  {info.title or info.form_key}"
            if not may_open(info):
                line += "  " + _("(alleen tekst)")
            options.append(Option(literal(line), id=info.form_key))
        return options

    def _current(self) -> drafts.DraftInfo | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._found[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        info = self._current()
        if info is None:
            return
        if may_open(info):
            self.dismiss(info)
        else:
            self.app.push_screen(DraftText(self._ctx, info), self._after_text)

    def _after_text(self, discarded: bool | None) -> None:
        if discarded:
            self._forget(self._current())

    @reports_errors
    def action_discard(self) -> None:
        info = self._current()
        if info is not None:
            drafts.discard(self._ctx, info.form_key)
            self._forget(info)

    def _forget(self, info: drafts.DraftInfo | None) -> None:
        self._found = [f for f in self._found if f is not info]
        if not self._found:
            self.dismiss(None)
            return
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = 0


class DraftText(ModalScreen[bool]):
    """A draft's text, read-only, to copy from (f7 selects all, ctrl+c copies) when its form
    cannot be built again; w discards it (dismisses with True)."""

    CSS_PATH = "drafts.tcss"
    BINDINGS = [
        Binding("w", "discard", _("Weggooien")),
        Binding("escape", "dismiss(False)", _("Terug")),
    ]
    AUTO_FOCUS = "#draft-text"

    def __init__(self, ctx: Context, info: drafts.DraftInfo) -> None:
        super().__init__()
        self._ctx = ctx
        self._info = info

    def compose(self) -> ComposeResult:
        texts = drafts.read(self._ctx, self._info.form_key).typed
        with Vertical(classes="dialog"):
            yield Static(literal(self._info.title or self._info.form_key), classes="dialog-title")
            yield Static(_("Dit formulier kan niet meer worden geopend (de melding is weg of "
                           "niet meer zichtbaar voor u). De tekst, alleen-lezen: f7 selecteert "
                           "alles, ctrl+c kopieert, w gooit het concept weg."),
                         classes="dialog-hint")
            yield TextArea(strip_controls("\n\n".join(t for t in texts if t)),
                           id="draft-text",
                           read_only=True, soft_wrap=True, compact=True)
        yield Footer()

    @reports_errors
    def action_discard(self) -> None:
        drafts.discard(self._ctx, self._info.form_key)
        self.dismiss(True)


def offer_drafts(app: Any, found: list[drafts.DraftInfo],
                 reopen: Callable[[drafts.FormRef], Awaitable[None]]) -> None:
    """At the start of a session: the adviser's drafts (`found`), to open again or discard.
    `reopen` builds the chosen form again (vp_tui.app knows the screens); the form takes the
    draft's text when it opens (`take_restored`)."""
    ctx = app.session.ctx

    async def chosen(info: drafts.DraftInfo | None) -> None:
        if info is None:
            return
        ref = drafts.parse_key(info.form_key)
        assert ref is not None  # may_open
        try:
            restore_later(app, info.form_key, drafts.read(ctx, info.form_key).texts)
            others = len(drafts.mine(ctx)) - 1
        except VpError as error:
            notify_refused(app, error)
            return
        await reopen(ref)
        if others:
            app.notify(_("Nog {n} niet-opgeslagen tekst(en): bij de volgende start weer "
                         "aangeboden.").format(n=others), timeout=8)

    app.push_screen(DraftsOffer(ctx, found), chosen)
