"""A yes/no question before an action that removes or ends something (an absence, a case's
content, unsaved texts, an adviser's account)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from vp_tui.i18n import _
from vp_tui.widgets.safe import literal


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question for an action that removes something."""

    CSS_PATH = "coverage.tcss"
    BINDINGS = [Binding("j,y", "answer(True)", _("Ja")),
                Binding("n,escape", "answer(False)", _("Nee"))]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="confirm"):
            yield Static(literal(self._question))
            yield Static(_("j = ja, n = nee"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
