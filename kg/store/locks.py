"""Is an Oxigraph (RocksDB) folder held by a writer?

RocksDB's read-only mode does not look at the ``LOCK`` file, so a reader can open a folder that a
writer is changing ("undefined behaviour" in Oxigraph's words). `writer_pid` finds the lock holder
without touching the lock in this process: on Linux from ``/proc/locks`` (no file descriptor is opened,
so a lock this very process holds is not released), elsewhere by trying the lock in a child process.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_PROBE = ("import fcntl, os, sys\n"
          "fd = os.open(sys.argv[1], os.O_RDWR)\n"
          "try:\n    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n    sys.exit(3)\n")


def writer_pid(store_dir: str | os.PathLike) -> int | None:
    """The id of the process holding the store's write lock (-1 when unknown), or None when it is free."""
    lock = Path(store_dir) / "LOCK"
    try:
        st = lock.stat()
    except OSError:
        return None
    try:
        table = Path("/proc/locks").read_text()
    except OSError:
        return _probe(lock)
    want_dev = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in table.splitlines():
        fields = line.split()
        if "->" in fields:       # a waiter, not a holder
            continue
        for i, field in enumerate(fields):
            if field.count(":") == 2 and i >= 1:
                if field == want_dev or field.rsplit(":", 1)[-1] == str(st.st_ino) and _same_dev(field, st):
                    try:
                        return int(fields[i - 1])
                    except ValueError:
                        return -1
                break
    return None


def _same_dev(field: str, st) -> bool:
    major, minor, _ = field.split(":")
    try:
        return int(major, 16) == os.major(st.st_dev) and int(minor, 16) == os.minor(st.st_dev)
    except ValueError:
        return False


def _probe(lock: Path) -> int | None:
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE, str(lock)], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return -1 if done.returncode == 3 else None
