"""Recovery files whose scrypt parameters the product never writes are refused before any
key is derived (an inflated cost would take many seconds and gigabytes first)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from vp_tui.errors import KeyError_
from vp_tui.store import recovery, vault

PASSPHRASE = "correct horse battery staple"


@pytest.mark.parametrize("n, r, p", [(2**20, 16, 1), (2**14, 8, 1), (2**17, 8, 2),
                                     (2**17.0, 8, 1), ("131072", 8, 1), (True, 8, 1)])
def test_unlisted_scrypt_parameters_refused_before_deriving(
        store, tmp_path: Path, n, r, p) -> None:
    recovery_file = tmp_path / "herstel.json"
    vault.export_recovery(store, recovery_file, PASSPHRASE)
    data = json.loads(recovery_file.read_text())
    data["kdf"].update(n=n, r=r, p=p)
    recovery_file.write_text(json.dumps(data))
    started = time.perf_counter()
    with pytest.raises(KeyError_, match="scrypt-parameters die vp-tui niet schrijft") as info:
        vault.import_recovery(store.path, recovery_file, PASSPHRASE)
    # n=2^20, r=16 would cost about 18 s and 2 GiB to derive; the product's own cost 0.3 s.
    assert time.perf_counter() - started < 0.25
    assert "\n" not in str(info.value)


def test_written_parameters_are_accepted(store, tmp_path: Path) -> None:
    recovery_file = tmp_path / "herstel.json"
    vault.export_recovery(store, recovery_file, PASSPHRASE)
    kdf = json.loads(recovery_file.read_text())["kdf"]
    assert (kdf["n"], kdf["r"], kdf["p"]) in recovery.ACCEPTED_SCRYPT
    db_id, key = recovery.unwrap(recovery_file.read_text(), PASSPHRASE)
    assert (db_id, key) == (store.db_id, store.key)
