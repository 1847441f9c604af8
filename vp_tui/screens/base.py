"""What every main screen shares: access to the session's context, a name for the help screen,
and one way to show a refused service call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.screen import Screen

from vp_tui.errors import VpError
from vp_tui.i18n import _
from vp_tui.screens.errors import user_error

if TYPE_CHECKING:
    from vp_tui.app import VpApp
    from vp_tui.screens.form_screen import FormSpec, Values
    from vp_tui.services.context import Context
    from vp_tui.widgets.form import FieldSpec, Form, Issue


class VpScreen(Screen):
    #: The screen's name in the help screen ("Meldingen", "Melding 2026-0012", …).
    LABEL: ClassVar[str] = ""
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
    def vp(self) -> VpApp:
        return self.app  # type: ignore[return-value]

    @property
    def ctx(self) -> Context:
        return self.vp.session.ctx

    def report(self, error: VpError) -> None:
        """A service refused: one line, in the user's language, never a traceback."""
        self.notify(str(error), severity="error", timeout=8, markup=False)

    def reload(self) -> None:
        """Read the screen's data again from the services (after a change)."""

    def changed_elsewhere(self) -> None:
        """Another session changed the database (vp_tui.screens.session_timers.DataWatch): show
        the current data, keeping the cursor where it was (RecordTable.load does)."""
        self.reload()

    def open_record(self, load: Callable[[], None]) -> None:
        """The first load of a pushed record screen (a case, a file), from on_mount, so that
        the first frame drawn already shows the record: drawing the empty screen first and
        then the record cost a second layout and paint of the whole screen. When a service
        refuses (no access, gone), go back after the first refresh and say why there instead
        of showing an empty screen."""
        self._load_or(load, lambda error: self.call_after_refresh(self._leave, error))

    def load_or_leave(self, load: Callable[[], None]) -> None:
        """Load a shown record screen again; when a service refuses (no access or no longer,
        gone), go back and say why there rather than show nothing, or what the user may no
        longer see."""
        self._load_or(load, self._leave)

    @staticmethod
    def _load_or(load: Callable[[], None], leave: Callable[[Exception], None]) -> None:
        try:
            load()
        except Exception as error:
            shown = user_error(error)
            if shown is None:
                raise
            leave(shown)

    def _leave(self, error: Exception) -> None:
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
        reload: Callable[[], FormSpec] | None = None,
    ) -> None:
        """A modal form whose save is `submit`; after a save: `done` as a notice, then `then`
        with the result (default: reload this screen). `reload`: see open_edit."""

        # Imported on first use: forms bring Textual's text area and selection widgets, which
        # no screen needs for its first frame (and every session's start would wait for them).
        from vp_tui.screens.form_screen import FormScreen

        def saved(result: Any) -> None:
            if result is None:
                return
            self.notify(done)
            if then is None:
                self.reload()
            else:
                then(result)

        self.app.push_screen(
            FormScreen(title, fields, submit, check=check, intro=intro or self.form_intro(),
                       on_change=on_change, reload=reload),
            saved,
        )

    def open_edit(
        self,
        title: str,
        build: Callable[[], FormSpec],
        done: str,
        reread: Callable[[], None],
        **options: Any,
    ) -> None:
        """A form that changes a stored record (optimistic concurrency). `build` makes the
        fields and the save (which expects the version it read) from this screen's data. After
        a stale save is refused, ctrl+r in the form reads this screen's data again (`reread`,
        which raises when refused) and builds anew; the form keeps the user's text in view."""

        def reload() -> FormSpec:
            reread()
            return build()

        spec = build()
        self.open_form(title, spec.fields, spec.submit, done, reload=reload, **options)

    def form_intro(self) -> str:
        """The line under a form's title: what the form is about (the case, the file)."""
        return ""
