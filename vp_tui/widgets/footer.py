"""The key bar at the bottom of every screen: one widget drawing one line.

Textual's Footer is a container with a widget per key, which it removes and mounts again
whenever a screen's bindings are refreshed. Styling, laying out and drawing those 10 to 15
widgets was about half of opening a case and a third of starting a session (BENCHMARKS.md).
This bar draws the same keys as one line of text, in Textual's footer colours, and only when
the keys it shows change; a burst of binding changes costs one look at the next refresh.
A click on a key presses it, as on Textual's footer; the command palette's key stays at the
right edge.
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
    #: The keys drawn: (key, shown key, description, enabled), the palette's key last.
    _shown: tuple[tuple[str, str, str, bool], ...] = ()

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

    def _keys(self) -> tuple[tuple[str, str, str, bool], ...]:
        """The screen's shown bindings, one per action, and the command palette's key."""
        app, palette = self.app, self._palette_key
        keys, actions, last = [], set(), None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            shown = (key, app.get_key_display(binding), binding.description, enabled)
            if key == palette:
                last = shown
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(shown)
        return (*keys, last) if last else tuple(keys)

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
        parts = [self._part(shown, key_style, description_style) for shown in self._shown]
        palette = self._palette_key
        right = parts.pop() if self._shown and self._shown[-1][0] == palette else None
        line = Text(no_wrap=True, overflow="crop", end="")
        for part in parts:
            line.append_text(part)
        if right is not None:
            room = self.size.width - right.cell_len - 1
            line.truncate(max(0, room), pad=True)
            line.append("▕")
            line.append_text(right)
        return line

    @staticmethod
    def _part(shown: tuple[str, str, str, bool], key_style: Style,
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
        shown = next((s for s in self._shown if s[0] == key), None)
        if shown is None:
            return
        if shown[3]:
            self.app.simulate_key(key)
        else:
            self.app.bell()
