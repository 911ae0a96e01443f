"""Bad input found by fuzzing: each is refused with a message, never a hang or a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

LINESIDE = [sys.executable, "-m", "app.cli"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [*LINESIDE, *args], capture_output=True, timeout=120, env={**os.environ, **(env or {})}
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    return result


def test_a_fifo_given_as_db_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "station.sqlite"
    os.mkfifo(fifo)
    for verb in (["verify"], ["trace", "--lot", "ML-000001"], ["instruments", "list"]):
        result = run(*verb, "--db", str(fifo))  # the timeout fails the test if it hangs
        assert result.returncode == 4
        assert b"not a regular file" in result.stderr


def _nested(depth: int) -> bytes:
    return (
        b'{"MessageName": "CFX.Production.Processing.UnitsProcessed", "MessageBody": '
        + (b"[" * depth + b"]" * depth)
        + b"}"
    )


def test_cfx_nested_a_thousand_deep_is_refused(tmp_path: Path, demo_db: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(_nested(1000))
    decoded = run("drivers", "decode", "--driver", "cfx", str(deep))
    assert decoded.returncode != 0 and b"too deeply" in decoded.stderr + decoded.stdout
    imported = run(
        "profile",
        "import",
        "--db",
        str(demo_db),
        "--station",
        "SMT-01",
        "--driver",
        "cfx",
        str(deep),
    )
    assert imported.returncode != 0 and b"deep" in imported.stderr + imported.stdout
    deep.write_bytes(_nested(100))  # under the recursion limit, over any real message's depth
    decoded = run("drivers", "decode", "--driver", "cfx", str(deep))
    assert decoded.returncode != 0 and b"more than 64 deep" in decoded.stderr + decoded.stdout


def test_json_output_of_text_that_is_not_utf8_under_a_strict_utf8_locale(demo_db: Path) -> None:
    # A lot argument with a byte that is not UTF-8 reaches Python as a surrogate escape.
    lot = b"ML-00\xff01".decode("utf-8", "surrogateescape")
    result = subprocess.run(
        [*LINESIDE, "trace", "--db", str(demo_db), "--json", "--lot", lot],
        capture_output=True,
        timeout=60,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    assert b"UnicodeEncodeError" not in result.stderr
    assert result.returncode == 2 and b"ML-00\\udcff01" in result.stderr
    assert b"not UTF-8 text" in result.stderr


def test_output_of_text_that_is_not_utf8_does_not_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    strict = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", strict)
    main(["udi", "parse", "--json", "(01)09506000134352"])  # main() sets up the streams it has
    # text read from a file that is not UTF-8, printed by a verb as JSON
    print(json.dumps({"raw": b"T=\xff".decode("utf-8", "surrogateescape")}, ensure_ascii=False))
    strict.flush()
    assert b'"raw": "T=\\udcff"' in strict.buffer.getvalue()


def test_an_empty_file_given_to_capture_is_left_as_it_was(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    code = main(
        [
            "capture",
            "--db",
            str(empty),
            "--station",
            "FA-01",
            "--operator",
            "BDG-1002",
            "--unit",
            "SN-1",
        ]
    )
    assert code == 4
    assert empty.stat().st_size == 0
    assert not (tmp_path / "empty.sqlite-wal").exists()


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """``folder`` made read-only the way read-only media are (a read-only mount for root)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    mount = folder.with_name(folder.name + "-ro")
    mount.mkdir()
    staged = {p.name: p.read_bytes() for p in folder.iterdir()}
    if subprocess.run(
        ["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a read-only file system here")
    try:
        for name, data in staged.items():
            (mount / name).write_bytes(data)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_verify_and_trace_work_on_read_only_media(tmp_path: Path, demo_db: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    shutil.copy(demo_db, media / "station.sqlite")
    with read_only_folder(media) as folder:
        db = str(folder / "station.sqlite")
        verified = run("verify", "--db", db)
        assert verified.returncode == 0, verified.stderr
        assert b"intact" in verified.stdout
        lot = "ML-000001"
        traced = run("trace", "--db", db, "--lot", lot, "--json")
        assert traced.returncode == 0, traced.stderr
        assert b'"direction": "forward"' in traced.stdout
