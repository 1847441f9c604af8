"""The test keyring: the benchmark's file-based backend, a full KeyringBackend registered
through keyring's own API (in-process with keyring.set_keyring, in a subprocess through
PYTHON_KEYRING_BACKEND=tests.keyring_backend.JsonFileKeyring and VP_TUI_BENCH_KEYRING)."""

from vp_tui.bench.keyring_file import ENV, BenchKeyring

JsonFileKeyring = BenchKeyring

__all__ = ["ENV", "JsonFileKeyring"]
