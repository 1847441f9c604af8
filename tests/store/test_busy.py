"""A database held by another session: the store refuses with a StoreError, never with the
driver's OperationalError, for a write transaction and for an audited read alike."""

from __future__ import annotations

import pytest

from vp_tui.errors import StoreError
from vp_tui.models import Meta
from vp_tui.services import audit
from vp_tui.services.writes import transaction
from vp_tui.store.database import connect


@pytest.fixture
def locked(store):
    """Another connection holds the write lock; ours waits 50 ms instead of 10 s."""
    other = connect(store.path, store.key)
    store.db.execute_sql("PRAGMA busy_timeout = 50")
    other.execute_sql("BEGIN IMMEDIATE")
    yield store
    other.execute_sql("ROLLBACK")
    other.close()


def test_a_write_transaction_on_a_locked_database_is_a_store_error(locked) -> None:
    with pytest.raises(StoreError, match="bezet"):
        with transaction():
            Meta.replace(key="x", value="1").execute()
    assert Meta.get_or_none(Meta.key == "x") is None


def test_an_audited_read_on_a_locked_database_is_a_store_error(locked) -> None:
    with pytest.raises(StoreError, match="bezet"):
        audit.record(None, "case.read", "case", 1)


def test_other_operational_errors_stay_bugs(store) -> None:
    import peewee

    with pytest.raises(peewee.OperationalError, match="no such table"):
        store.db.execute_sql("SELECT * FROM no_such_table")
