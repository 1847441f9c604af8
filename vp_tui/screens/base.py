"""What every main screen shares: access to the session's context, a name for the help screen,
and one way to show a refused service call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.screen import Screen

from vp_tui.i18n import _
from vp_tui.screens.background import ServiceCalls

if TYPE_CHECKING:
    from vp_tui.screens.form_screen import FormSpec, Reread, Values
    from vp_tui.services.context import Context
    from vp_tui.services.session import Session
    from vp_tui.widgets.form import FieldSpec, Form, Issue


class VpScreen(ServiceCalls, Screen):
    #: The screen's name in the help screen ("Meldingen", "Melding 2026-0012", …).
    LABEL: ClassVar[str] = ""
    #: The screen's actions in the key bar's order of importance (vp_tui.widgets.footer
    #: key_rank); its other keys follow.
    KEY_ORDER: ClassVar[tuple[str, ...]] = ()
    #: Shown before: Textual's restyle at each resume is skipped only the first time.
    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles a screen and every widget in it at each resume. The first resume
        comes right after the screen was mounted with the app's final CSS, when that changes
        nothing: six tables with nine component styles each on the dashboard, at every
        start. Runs before Screen's own handler (subclass handlers run first)."""
        if not self._resumed:
            event.refresh_styles = False
            self._resumed = True

    @property
    def session(self) -> Session:
        """The session of the app showing this screen (vp_tui.app.VpApp holds it; the screens
        do not import the app that imports them)."""
        return self.app.session  # type: ignore[attr-defined]

    @property
    def ctx(self) -> Context:
        return self.session.ctx

    def reload(self) -> None:
        """Read the screen's data again from the services (after a change)."""

    def changed_elsewhere(self) -> None:
        """Another session changed the database (vp_tui.screens.session_timers.DataWatch): show
        the current data, keeping the cursor where it was (RecordTable.load does)."""
        self.reload()

    # --- record screens (a case, a file) -------------------------------------------------

    def read_record(self) -> Any:
        """A record screen's record, read through the services on a database thread."""
        raise NotImplementedError

    def show_record(self, record: Any) -> None:
        """Show what read_record returned (on the UI thread)."""
        raise NotImplementedError

    def load_record(self) -> None:
        """Read the record (again) off the UI thread and show it; until then the screen shows
        what it showed. When a service refuses (no access or no longer, gone), go back and say
        why there rather than show nothing, or what the user may no longer see."""
        self.call_service(self.read_record, then=self.show_record, error=self._leave)

    def _leave(self, error: Exception) -> None:
        if self.is_current:
            self.dismiss()
        self.notify_refusal(error)

    def notify_refusal(self, error: Exception) -> None:
        """Why a record cannot be shown, on whatever screen is shown next."""
        self.app.notify(str(error), title=_("Niet gelukt"), severity="error",
                        timeout=8, markup=False)

    def open_form(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        submit: Callable[[Values], Any],
        done: str,
        *,
        check: Callable[[Values], Sequence[Issue]] | None = None,
        intro: str = "",
        then: Callable[[Any], None] | None = None,
        on_change: Callable[[Form, str], None] | None = None,
        reload: Reread | None = None,
        draft: str = "",
    ) -> None:
        """A modal form whose save is `submit` (run on a database thread, as is `check`);
        after a save: `done` as a notice, then `then` with the result (default: reload this
        screen). `reload`: see open_edit. `draft` names the form for its crash draft (see
        draft_target); a form without one keeps no draft."""

        # Imported on first use: forms bring Textual's text area and selection widgets, which
        # no screen needs for its first frame (and every session's start would wait for them).
        from vp_tui.screens.drafts import DraftTarget
        from vp_tui.screens.form_screen import FormScreen

        def saved(result: Any) -> None:
            if result is None:
                return
            self.notify(done)
            if then is None:
                self.reload()
            else:
                then(result)

        about = self.form_intro()
        target = None
        if draft:
            key, case_id = self.draft_target(draft)
            target = DraftTarget(key, " · ".join(p for p in (title, about) if p), case_id)
        self.app.push_screen(
            FormScreen(title, fields, submit, check=check, intro=intro or about,
                       on_change=on_change, reload=reload, draft=target),
            saved,
        )

    def open_edit(
        self,
        title: str,
        build: Callable[[], FormSpec],
        done: str,
        **options: Any,
    ) -> None:
        """A form that changes this screen's record (optimistic concurrency). `build` makes
        the fields and the save (which expects the version it read) from the record shown.
        After a stale save is refused, ctrl+r in the form reads the record again
        (read_record), shows it and builds anew; the form keeps the user's text in view."""
        from vp_tui.screens.form_screen import Reread

        def rebuild(record: Any) -> FormSpec:
            self.show_record(record)
            return build()

        spec = build()
        self.open_form(title, spec.fields, spec.submit, done,
                       reload=Reread(self.read_record, rebuild), **options)

    def form_intro(self) -> str:
        """The line under a form's title: what the form is about (the case, the file)."""
        return ""

    def draft_target(self, form: str) -> tuple[str, int | None]:
        """The crash draft key of this screen's form `form` (services/drafts.py) and the
        case it is typed for: by default the form's name is the key (the intake)."""
        return form, None
