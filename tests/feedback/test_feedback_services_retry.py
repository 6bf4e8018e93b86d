"""SQLite "database is locked" during a burst is retried, other errors are not."""

import pytest
from django.db import OperationalError, connection

from feedback.services import retry_when_locked


def test_sqlite_busy_write_is_retried_not_turned_into_an_error(monkeypatch):
    monkeypatch.setattr("feedback.services.time.sleep", lambda seconds: None)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    calls = []

    @retry_when_locked
    def write():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "stored"

    assert write() == "stored" and len(calls) == 3

    @retry_when_locked
    def broken():
        raise OperationalError("no such table")

    with pytest.raises(OperationalError):
        broken()
