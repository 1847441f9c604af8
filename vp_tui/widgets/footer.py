"""The key bar at the bottom of every screen: one widget drawing one line.

Textual's Footer is a container with a widget per key, which it removes and mounts again
whenever a screen's bindings are refreshed. Styling, laying out and drawing those 10 to 15
widgets was about half of opening a case and a third of starting a session (BENCHMARKS.md).
This bar draws the same keys as one line of text, in Textual's footer colours, and only when
the keys it shows change; a burst of binding changes costs one look at the next refresh.
A click on a key presses it, as on Textual's footer.

A screen has more keys than 80 columns hold. The bar draws them in the screen's order of
importance (`key_rank`) and only whole keys: those that fit, and at the right edge the help
key, as "meer: F1" when keys were left out (the help screen lists them all).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.actions import parse as parse_action
from textual.widget import Widget

from vp_tui.i18n import _

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.dom import DOMNode
    from textual.screen import Screen

#: Meta key on each drawn key: which key a click on it presses.
KEY_META = "footer_key"
#: A key as drawn: (key, shown key, description, enabled).
Shown = tuple[str, str, str, bool]
#: The action of the help key, drawn at the right edge.
HELP_ACTION = "help"
#: The action of the app's navigation keys, for a screen's KEY_ORDER.
NAVIGATION = "switch_mode"


def action_name(binding: Binding) -> str:
    """The bound action without its namespace and parameters: "switch_mode", "tab"."""
    return parse_action(binding.action)[1]


def key_rank(screen: Screen, node: DOMNode, binding: Binding) -> int:
    """How important a key is on `screen` (lower first). A screen's `KEY_ORDER` names its
    actions, most important first (NAVIGATION places the app's navigation keys); the keys
    it does not name follow: the screen's own, the app's navigation keys, the app's others
    (quit, help), each group in the order bound."""
    order: tuple[str, ...] = getattr(screen, "KEY_ORDER", ())
    name = action_name(binding)
    if name in order:
        return order.index(name)
    if node is not screen.app:
        return len(order)
    return len(order) + (1 if name == NAVIGATION else 2)


class Footer(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer--key", "footer--description"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    _pending = False
    #: The keys drawn: in order of importance, and the help key (None: the screen has none).
    _shown: tuple[tuple[Shown, ...], Shown | None] = ((), None)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._refresh_if_changed)

    def _keys(self) -> tuple[tuple[Shown, ...], Shown | None]:
        """The screen's shown bindings, one per action, most important first; and the help
        key apart."""
        screen, app = self.screen, self.app
        ranked: list[tuple[int, Shown]] = []
        help_key: Shown | None = None
        actions: set[str] = set()
        for key, (node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown = (key, app.get_key_display(binding), binding.description, enabled)
            if action_name(binding) == HELP_ACTION:
                help_key = help_key or shown
            else:
                ranked.append((key_rank(screen, node, binding), shown))
        ranked.sort(key=lambda item: item[0])  # stable: the bound order within a rank
        return tuple(shown for _rank, shown in ranked), help_key

    def _refresh_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        keys, help_key = self._shown
        width = self.size.width
        parts = [self._part(shown, key_style, description_style) for shown in keys]
        right = Text()
        if help_key is not None:
            right = self._part(help_key, key_style, description_style)
            if sum(part.cell_len for part in parts) + right.cell_len > width:
                right = self._more(help_key, key_style, description_style)
        line = Text(no_wrap=True, overflow="crop", end="")
        room = width - right.cell_len
        for part in parts:
            if line.cell_len + part.cell_len > room:
                break
            line.append_text(part)
        line.pad_right(max(0, room - line.cell_len))
        line.append_text(right)
        return line

    @staticmethod
    def _part(shown: Shown, key_style: Style, description_style: Style) -> Text:
        key, display, description, enabled = shown
        part = Text.assemble((f" {display} ", key_style),
                             (f"{description} " if description else "", description_style))
        if not enabled:
            part.stylize(Style(dim=True))
        part.apply_meta({KEY_META: key})
        return part

    @staticmethod
    def _more(help_key: Shown, key_style: Style, description_style: Style) -> Text:
        """The help key when keys were left out: where to find them."""
        key, display, _description, _enabled = help_key
        part = Text.assemble((" " + _("meer:") + " ", description_style),
                             (display, key_style), (" ", description_style))
        part.apply_meta({KEY_META: key})
        return part

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = event.style.meta.get(KEY_META)
        keys, help_key = self._shown
        shown = next((s for s in (*keys, help_key) if s is not None and s[0] == key), None)
        if shown is None:
            return
        if shown[3]:
            self.app.simulate_key(key)
        else:
            self.app.bell()
