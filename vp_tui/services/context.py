"""Who is acting, and what day it is. Every service call takes a Context.

The actor is fixed once at start (CLI option or forced SSH command) and never changes inside
a session; `today` is injectable so that date rules are testable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from vp_tui.models import Adviser


class Actor(NamedTuple):
    id: int
    initials: str
    name: str
    role: str
    is_adviser: bool
    gender: str

    @classmethod
    def of(cls, adviser: Adviser) -> Actor:
        return cls(
            adviser.id,
            adviser.initials,
            adviser.name,
            adviser.role,
            adviser.is_adviser,
            adviser.gender,
        )

    @property
    def works_cases(self) -> bool:
        """Only an adviser role (or a coordinator/admin who is also adviser) sees case content."""
        return self.role == "adviser" or self.is_adviser

    @property
    def is_coordinator(self) -> bool:
        return self.role in ("coordinator", "admin")


@dataclass
class Context:
    actor: Actor
    today: dt.date = field(default_factory=dt.date.today)
