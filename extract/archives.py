"""ZIP, RAR and 7z attachments: every member read like an attachment of its own, archives inside archives too.

Limits (:class:`ReadOptions`) stop zip bombs and endless nesting: depth, number of members and bytes unpacked,
counted over all levels of one attachment, with the actual bytes (never the sizes an archive declares). Member
names are sanitised (no absolute paths, no ``..``, no control characters) and, in ZIPs written by Chinese
Windows, decoded from GBK. A member that cannot be read gets its own error; the others are still read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extract.options import ReadOptions
from extract.records import DocumentText

ReadOne = Callable[[bytes, str, ReadOptions], DocumentText]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class LimitExceeded(Exception):
    """An archive unpacks to more than the limits allow."""


@dataclass
class Budget:
    """What is left to unpack from one attachment, over all its nesting levels."""

    members: int
    bytes: int

    def take(self, size: int) -> None:
        self.bytes -= size
        if self.bytes < 0:
            raise LimitExceeded("archive unpacks to more than the byte limit (a zip bomb?)")


def sanitise_member_name(name: str) -> str:
    """A member path safe to show and store: '/', no drive, no leading '/', no '.' or '..' parts, no controls."""
    name = _CONTROL.sub("", name.replace("\\", "/"))
    name = re.sub(r"^[A-Za-z]:", "", name)
    parts = [p.strip() for p in name.split("/") if p.strip() not in ("", ".", "..")]
    return "/".join(parts)[-200:] or "unnamed"


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename  # flagged UTF-8
    raw = info.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _read_capped(stream, limit: int) -> bytes:
    """Read at most ``limit`` bytes; more means the member is over the limit."""
    chunks, size = [], 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise LimitExceeded(f"member unpacks to more than {limit // 2**20} MB (a zip bomb?)")
        chunks.append(chunk)


def _zip_members(data: bytes, options: ReadOptions, budget: Budget) -> Iterator[tuple[str, bytes | str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = sanitise_member_name(_zip_name(info))
            if info.flag_bits & 0x1:
                yield name, "encrypted archive member (it needs a password)"
                continue
            with archive.open(info) as stream:
                limit = min(options.archive_member_max_bytes, budget.bytes)
                content = _read_capped(stream, limit)
            yield name, content


class _CappedFactory:
    """A py7zr writer factory that keeps members in memory and stops at the byte limit."""

    def __init__(self, limit: int):
        self.limit = limit
        self.products: dict[str, _CappedIO] = {}

    def create(self, filename: str) -> _CappedIO:
        product = _CappedIO(self.limit)
        self.products[filename] = product
        return product


class _CappedIO(io.BytesIO):
    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.content = b""

    def write(self, data) -> int:
        if self.tell() + len(data) > self.limit:
            raise LimitExceeded(f"member unpacks to more than {self.limit // 2**20} MB (a zip bomb?)")
        return super().write(data)

    def size(self) -> int:
        return len(self.getbuffer())

    def close(self) -> None:  # py7zr closes each member when written; keep its bytes
        self.content = self.getvalue()
        super().close()


def _7z_members(data: bytes, options: ReadOptions, budget: Budget) -> Iterator[tuple[str, bytes | str]]:
    import py7zr

    with py7zr.SevenZipFile(io.BytesIO(data)) as archive:
        if archive.needs_password():
            raise ValueError("encrypted 7z archive (it needs a password)")
        factory = _CappedFactory(min(options.archive_member_max_bytes, budget.bytes))
        archive.extractall(factory=factory)
    for name, product in factory.products.items():
        content = product.content if product.closed else product.getvalue()
        if content or not name.endswith("/"):
            yield sanitise_member_name(name), content


def _rar_members(data: bytes, options: ReadOptions, budget: Budget) -> Iterator[tuple[str, bytes | str]]:
    import rarfile

    rarfile.tool_setup(unrar=False, unar=False, bsdtar=True, sevenzip=False, sevenzip2=False)
    with rarfile.RarFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = sanitise_member_name(info.filename)
            if info.needs_password():
                yield name, "encrypted archive member (it needs a password)"
                continue
            with archive.open(info) as stream:
                content = _read_capped(stream, min(options.archive_member_max_bytes, budget.bytes))
            yield name, content


MEMBER_READERS = {"zip": _zip_members, "7z": _7z_members, "rar": _rar_members}


def read_archive(data: bytes, name: str, kind: str, read_one: ReadOne, options: ReadOptions,
                 budget: Budget | None = None, depth: int = 1) -> list[DocumentText]:
    """Every member of an archive as a DocumentText named ``archive/member``; nested archives are opened too.

    ``read_one`` reads a member that is not an archive. An archive that cannot be opened at all comes back
    as one DocumentText with its error.
    """
    budget = budget or Budget(options.archive_max_members, options.archive_max_bytes)
    found: list[DocumentText] = []
    try:
        for member, content in MEMBER_READERS[kind](data, options, budget):
            path = f"{name}/{member}"
            if budget.members <= 0:
                found.append(DocumentText(name=name, error=f"archive has more than {options.archive_max_members} files;"
                                                            " the rest were not read"))
                break
            budget.members -= 1
            if isinstance(content, str):
                found.append(DocumentText(name=path, error=content))
                continue
            budget.take(len(content))
            found.extend(_read_member(content, path, read_one, options, budget, depth))
    except LimitExceeded as exc:
        found.append(DocumentText(name=name, error=str(exc)))
    except Exception as exc:  # every archive library has its own errors for damaged files
        found.append(DocumentText(name=name, error=f"unreadable {kind.upper()} archive ({type(exc).__name__}: {exc})"))
    return found


def _read_member(content: bytes, path: str, read_one: ReadOne, options: ReadOptions, budget: Budget,
                 depth: int) -> list[DocumentText]:
    from extract.readers import ARCHIVES, sniff_format

    kind = sniff_format(content, path)
    if kind in ARCHIVES:
        if depth >= options.archive_max_depth:
            return [DocumentText(name=path, error=f"archive nested deeper than {options.archive_max_depth} levels")]
        return read_archive(content, path, kind, read_one, options, budget, depth + 1)
    return [read_one(content, path, options)]
