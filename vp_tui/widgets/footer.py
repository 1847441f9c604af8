"""The key bar at the bottom of every screen: one widget drawing one line.

Textual's Footer is a container with a widget per key, which it removes and mounts again
whenever a screen's bindings are refreshed. Styling, laying out and drawing those 10 to 15
widgets was about half of opening a case and a third of starting a session (BENCHMARKS.md).
This bar draws the same keys as one line of text, in Textual's footer colours, and only when
the keys it shows change; a burst of binding changes costs one look at the next refresh.
A click on a key presses it, as on Textual's footer. The help key and the command palette's
key stay at the right edge: when a screen has more keys than the width holds (the dashboard,
the case list and the case screen at 120 columns), the bar still shows where to find the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

#: Meta key on each drawn key: which key a click on it presses.
KEY_META = "footer_key"
#: A key as drawn: (key, shown key, description, enabled).
Shown = tuple[str, str, str, bool]


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

    #: Actions whose key is drawn at the right edge, before the palette's: the help screen
    #: lists every key of the screen, also those the width cuts off.
    PINNED_ACTIONS: ClassVar[frozenset[str]] = frozenset({"help"})

    _pending = False
    #: The keys drawn: from the left, and at the right edge (the pinned keys, then the
    #: palette's).
    _shown: tuple[tuple[Shown, ...], tuple[Shown, ...]] = ((), ())

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

    @property
    def _palette_key(self) -> str | None:
        app = self.app
        return app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None

    def _keys(self) -> tuple[tuple[Shown, ...], tuple[Shown, ...]]:
        """The screen's shown bindings, one per action, split into those drawn from the left
        and those at the right edge (pinned, then the command palette's key)."""
        app, palette = self.app, self._palette_key
        keys: list[Shown] = []
        pinned: list[Shown] = []
        actions: set[str] = set()
        last = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            shown = (key, app.get_key_display(binding), binding.description, enabled)
            if key == palette:
                last = shown
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                (pinned if binding.action in self.PINNED_ACTIONS else keys).append(shown)
        return tuple(keys), (*pinned, last) if last else tuple(pinned)

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
        left, pinned = self._shown
        line = Text(no_wrap=True, overflow="crop", end="")
        for shown in left:
            line.append_text(self._part(shown, key_style, description_style))
        if pinned:
            right = Text.assemble(*(self._part(shown, key_style, description_style)
                                    for shown in pinned))
            line.truncate(max(0, self.size.width - right.cell_len - 1), pad=True)
            line.append("▕")
            line.append_text(right)
        return line

    @staticmethod
    def _part(shown: Shown, key_style: Style,
              description_style: Style) -> Text:
        key, display, description, enabled = shown
        part = Text.assemble((f" {display} ", key_style),
                             (f"{description} " if description else "", description_style))
        if not enabled:
            part.stylize(Style(dim=True))
        part.apply_meta({KEY_META: key})
        return part

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = event.style.meta.get(KEY_META)
        shown = next((s for group in self._shown for s in group if s[0] == key), None)
        if shown is None:
            return
        if shown[3]:
            self.app.simulate_key(key)
        else:
            self.app.bell()
