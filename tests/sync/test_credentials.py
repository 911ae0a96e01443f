"""Credentials never come from the command line: a DSN with a password is refused."""

from __future__ import annotations

from typing import Any

import pytest

from app.cli import main
from app.sync.credentials import UpstreamError, checked_dsn


@pytest.mark.parametrize(
    "dsn",
    [
        "host=127.0.0.1 dbname=plant user=fa01 password=secret",
        "postgresql://fa01:secret@127.0.0.1/plant",
    ],
)
def test_a_dsn_with_a_password_is_refused_before_connecting(
    dsn: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UpstreamError, match="contains a password"):
        checked_dsn(dsn)
    assert main(["init", "--db", str(tmp_path / "s.sqlite")]) == 0
    code = main(["sync", "--db", str(tmp_path / "s.sqlite"), "--upstream", dsn])
    err = capsys.readouterr().err
    assert code == 5
    assert "contains a password" in err and "LINESIDE_UPSTREAM_PASSWORD" in err
    assert "secret" not in err


def test_a_dsn_without_password_is_accepted() -> None:
    assert checked_dsn("host=127.0.0.1 dbname=plant user=fa01")["user"] == "fa01"


def test_the_keyring_is_asked_for_user_at_host(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    from app.sync import credentials

    class Stored(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return (
                "s3cret" if (service, username) == ("lineside-upstream", "fa01@plant-db") else None
            )

        def set_password(self, service: str, username: str, password: str) -> None:
            raise NotImplementedError

        def delete_password(self, service: str, username: str) -> None:
            raise NotImplementedError

    previous = keyring.get_keyring()
    keyring.set_keyring(Stored())
    try:
        assert credentials.keyring_password({"user": "fa01", "host": "plant-db"}) == "s3cret"
        assert credentials.keyring_password({"user": "fa02", "host": "plant-db"}) is None
    finally:
        keyring.set_keyring(previous)
