"""The agency-scale benchmark: a seeded synthetic agency and the figures it must meet.

`python -m vp_tui.bench generate --scale full|small DIR` writes the agency; `python -m
vp_tui.bench run DIR` measures it and prints one JSON object. BENCHMARKS.md holds the figures,
the machine and the budget. Nothing in the application imports this package.
"""
