"""The key bar at the bottom of every screen, redrawn only when the keys it shows change.

Textual's Footer removes and mounts all its keys again whenever a screen's bindings are
refreshed: on every focus change and every refresh_bindings(). That took 30-60 ms each time,
several times while a case opened and on every keystroke in the case list's search field
(BENCHMARKS.md). This Footer waits for the next refresh, so a burst of changes costs one look,
and recomposes only when the shown keys (key, description, enabled, tooltip) differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.screen import Screen


class Footer(TextualFooter):
    _pending = False
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> tuple:
        """What compose() reads from the screen's active bindings."""
        return tuple(
            (key, binding.action, binding.description, binding.show, binding.key_display,
             binding.group.description if binding.group else None, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
