"""The actions of the current screen, read from its active key bindings.

The help screen (F1, ?) and the command palette both list exactly what `screen.active_bindings`
offers, so a screen or mode added later shows up in both without being registered anywhere.
Only bindings declared by vp-tui classes are listed; Textual's own widget bindings (cursor
keys, 'Focus Next', …) are left out.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from vp_tui.i18n import _
from vp_tui.widgets.footer import key_rank


class ScreenAction(NamedTuple):
    key: str  # as displayed: "ctrl+s", "F1", "?"
    description: str
    action: str
    node: DOMNode
    global_: bool  # defined by the App (everywhere) rather than this screen
    rank: int  # the key bar's order of importance (vp_tui.widgets.footer.key_rank)


def _declared_by_us(node: DOMNode) -> set[str]:
    """Actions bound in BINDINGS of vp-tui classes in the node's class hierarchy."""
    actions: set[str] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("vp_tui"):
            continue
        for item in cls.__dict__.get("BINDINGS", ()):
            actions.add(item.action if isinstance(item, Binding) else item[1])
    return actions


def screen_actions(screen: Screen) -> list[ScreenAction]:
    """Enabled actions of the screen, one per action, in the key bar's order (the App's
    last); an action bound to several keys shows them all ("F1 ?")."""
    app = screen.app
    ours: dict[int, set[str]] = {}
    found: dict[tuple[int, str], ScreenAction] = {}
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if not active.enabled or not binding.description:
            continue
        if binding.action not in ours.setdefault(id(node), _declared_by_us(node)):
            continue
        key = app.get_key_display(binding)
        slot = (id(node), binding.action)
        if slot in found:
            found[slot] = found[slot]._replace(key=f"{found[slot].key} {key}")
        else:
            found[slot] = ScreenAction(key, binding.description, binding.action, node,
                                       isinstance(node, App), key_rank(screen, node, binding))
    return sorted(found.values(), key=lambda a: (a.global_, a.rank))


class ScreenActionsProvider(Provider):
    """Command palette entries for every action of the screen the palette was opened from."""

    def _actions(self) -> list[ScreenAction]:
        return screen_actions(self.screen)

    def _run(self, action: ScreenAction):
        return partial(self.app.run_action, action.action, action.node)

    @staticmethod
    def _help(action: ScreenAction) -> str:
        return _("toets {key}").format(key=action.key)

    async def discover(self) -> Hits:
        for action in self._actions():
            yield DiscoveryHit(action.description, self._run(action), help=self._help(action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self._actions():
            score = matcher.match(action.description)
            if score > 0:
                yield Hit(score, matcher.highlight(action.description), self._run(action),
                          help=self._help(action))
