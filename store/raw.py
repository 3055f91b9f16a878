"""The content-addressed raw store: every fetched page and attachment, as fetched, at raw/ab/cd/<sha256>."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def sha256_of(data: bytes) -> str:
    """The hex sha256 of some bytes: the name under which they are stored."""
    return hashlib.sha256(data).hexdigest()


class RawStore:
    """A folder of immutable files named by the sha256 of their bytes."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        """Where the bytes with this digest live (whether or not they are stored yet)."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def __contains__(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put(self, data: bytes) -> str:
        """Store bytes (atomically, once) and return their sha256."""
        digest = sha256_of(data)
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes:
        """The stored bytes; FileNotFoundError names the missing digest."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise FileNotFoundError(f"raw file {sha256} is missing from {self.root}") from None
