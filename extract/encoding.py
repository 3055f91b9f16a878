"""Decoding pages whose declared charset may be wrong (a GBK page labelled UTF-8 is common)."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
MAX_BROKEN, MAX_BROKEN_SHARE = 8, 0.002  # a few broken sequences in a page are damage, not another charset
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "utf8": "utf-8"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta tag or XML header), normalised."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    return _ALIASES.get(name, name)


def decode_bytes(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return (text, encoding actually used).

    Valid UTF-8 wins whatever the label says (GBK bytes are almost never valid UTF-8); then the
    declared or transport charset if the bytes decode under it; then GB18030; then, for bytes with a few broken
    sequences (a truncated character), whichever of those needs the fewest replacements; then a detector's guess.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for candidate in (hint, declared_charset(data), "gb18030"):
        if not candidate:
            continue
        candidate = _ALIASES.get(candidate.lower(), candidate.lower())
        if candidate == "utf-8":
            continue
        try:
            return data.decode(candidate), candidate
        except LookupError:
            continue
        except UnicodeDecodeError:
            candidates.append(candidate)
    lenient = [(text.count("\ufffd"), text, name) for name in [*candidates, "utf-8"]
               for text in [data.decode(name, errors="replace")]]
    broken, text, name = min(lenient, key=lambda t: t[0])
    if broken <= max(MAX_BROKEN, len(text) * MAX_BROKEN_SHARE):
        return text, f"{name} (with {broken} replacements)"
    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"
