"""Choice lists that jump as you type: letters typed on a choice pick the first option whose
label starts with them, and on a list of tick boxes move to it (Space ticks it).

An intake has a dozen choices; opening each one's menu and walking to the option cost two or
three keys apiece. Here 'pe' picks 'pesten' and 'tel' 'telefoon' without a menu.

The letters add up while they are typed in one go (less than TYPE_PAUSE apart, as Textual's
own menu search): after a pause a letter starts a new search. A letter that matches nothing,
added or alone, leaves the choice as it was. On a choice, Space belongs to a search once it
has begun (organisations have names of several words), and opens the menu otherwise; on a
list of tick boxes Space always ticks.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events

from vp_tui.widgets.select import Select

#: Seconds between two letters after which a letter starts a new search.
TYPE_PAUSE = 1.0


def _plain(prompt: object) -> str:
    return (prompt.plain if isinstance(prompt, Text) else str(prompt)).casefold()


class TypeAhead:
    """The letters typed so far and where they lead."""

    def __init__(self, *, spaces: bool) -> None:
        """`spaces`: whether a space continues a search that has begun."""
        self.typed = ""
        self._last = 0.0
        self._spaces = spaces

    def reset(self) -> None:
        self.typed = ""

    def takes(self, character: str | None) -> bool:
        """Whether a key's character belongs to the search (see the module docstring)."""
        return (character is not None and character.isprintable()
                and (character != " " or (self._spaces and bool(self.typed))))

    def find(self, character: str, at: float, labels: Sequence[str]) -> int | None:
        """The index of the first label that starts with the letters typed with `character`
        added (or, failing that, with `character` alone); None when none does."""
        if at - self._last > TYPE_PAUSE:
            self.typed = ""
        self._last = at
        for typed in (self.typed + character.casefold(), character.casefold()):
            found = next((n for n, label in enumerate(labels) if typed and
                          label.startswith(typed)), None)
            if found is not None:
                self.typed = typed
                return found
        self.typed = ""
        return None


class JumpSelect(Select):
    """A Select whose value follows the letters typed on it while its menu is closed (the open
    menu searches by itself)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._ahead = TypeAhead(spaces=True)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return self._ahead.takes(character)

    async def _on_key(self, event: events.Key) -> None:
        if self.expanded or not self._ahead.takes(event.character):
            return
        event.stop()
        event.prevent_default()
        options = [(prompt, value) for prompt, value in self._options if value != self.NULL]
        found = self._ahead.find(event.character or "", event.time,
                                 [_plain(prompt) for prompt, _value in options])
        if found is not None:
            self.value = options[found][1]

    def _on_blur(self, event: events.Blur) -> None:
        self._ahead.reset()


class JumpList:
    """For a list of options (an OptionList such as a SelectionList, mixed in before it): typed
    letters move the highlight to the first matching option, and the first option is
    highlighted on arrival, so Space ticks at once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._ahead = TypeAhead(spaces=False)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return self._ahead.takes(character)

    async def _on_key(self, event: events.Key) -> None:
        if not self._ahead.takes(event.character):
            return
        event.stop()
        event.prevent_default()
        found = self._ahead.find(event.character or "", event.time,
                                 [_plain(option.prompt) for option in self.options])
        if found is not None:
            self.highlighted = found

    def _on_focus(self, event: events.Focus) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def _on_blur(self, event: events.Blur) -> None:
        self._ahead.reset()
