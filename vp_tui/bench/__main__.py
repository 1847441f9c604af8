"""python -m vp_tui.bench generate|run (see vp_tui.bench)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from vp_tui.errors import VpError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vp_tui.bench")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a synthetic agency into DIR")
    gen.add_argument("--scale", choices=["full", "small"], default="full")
    gen.add_argument("--seed", type=int, default=8)
    gen.add_argument("--today", type=dt.date.fromisoformat, default=None,
                     help="the agency's today (default: today)")
    gen.add_argument("dir", type=Path)
    run = sub.add_parser("run", help="measure the agency in DIR; prints one JSON object")
    run.add_argument("--runs", type=int, default=5)
    run.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            from vp_tui.bench.generate import generate

            facts = generate(args.dir, args.scale, args.today or dt.date.today(), args.seed)
            print(json.dumps(facts, indent=2))
        else:
            from vp_tui.bench.run import run_all

            print(json.dumps(run_all(args.dir, args.runs), indent=2))
    except VpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
