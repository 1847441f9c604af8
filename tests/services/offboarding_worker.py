"""The process of the crash test: runs a leaving procedure on a real database and, once the
step named on the command line is committed, says so and waits to be killed.

Usage: python -m tests.services.offboarding_worker DB KEYHEX ACTOR LEAVER ORG=SUCCESSOR DAY STEP
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path


def main(db: str, key_hex: str, actor: str, leaver: str, successor: str, day: str,
         stop_after: str) -> None:
    from vp_tui.services import offboarding
    from vp_tui.services.advisers import resolve_actor
    from vp_tui.services.context import Context
    from vp_tui.store import vault

    vault.open_with_key(Path(db), bytes.fromhex(key_hex))
    ctx = Context(resolve_actor(actor, None), today=dt.date.fromisoformat(day))
    org, adviser = successor.split("=")
    procedure = offboarding.start(ctx, leaver, {int(org): int(adviser)},
                                  keys_file=Path(db).with_name("no-keys"))

    def after(step: str) -> None:
        print(f"done {step}", flush=True)
        if step == stop_after:
            print(f"stopped {step}", flush=True)
            sys.stdin.readline()  # blocks until the test kills this process

    offboarding.run(ctx, procedure, after_step=after)


if __name__ == "__main__":
    main(*sys.argv[1:])
