"""Opening a database this process already holds must not drop SQLite's locks on it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.store.database import open_database

# SQLite's unix VFS takes its SHARED lock on this byte range of the database file (os_unix.c:
# PENDING_BYTE 0x40000000, SHARED_FIRST = PENDING_BYTE + 2, SHARED_SIZE 510); a WAL connection
# keeps it for as long as it is open.
PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 510, 0x40000002, 0)
except OSError:
    print("held")
else:
    print("free")
"""


def others_see_our_shared_lock(path: Path) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    return out.stdout.strip() == "held"


def test_a_second_open_in_the_same_process_keeps_the_first_connections_lock(tmp_path: Path):
    path = tmp_path / "station.sqlite"
    open_database(path, create=True).close()
    first = open_database(path)
    first.execute("SELECT count(*) FROM journal").fetchone()
    assert others_see_our_shared_lock(path)
    # Before: the header check of the second open closed a descriptor of the file, which drops
    # every POSIX lock of the process on it; another process could then checkpoint and delete
    # the WAL under the first connection ("database disk image is malformed").
    second = open_database(path)
    assert others_see_our_shared_lock(path)
    second.close()
    first.close()
