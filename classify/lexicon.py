"""The lexicon (data/lexicon.yaml) loaded into compiled patterns, shared by the classifier and the crawlers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"


def term_pattern(term: str) -> str:
    """A regex for a term on normalised (NFKC, upper-case) text: optional spaces or hyphens where the term
    has a space or switches between letters and digits, and no letter or digit glued on either side."""
    term = term.upper()
    parts: list[str] = []
    prev = ""
    for ch in term:
        if ch == " ":
            parts.append(r"[\s\-_]*")
            prev = ""
            continue
        if prev and (prev.isdigit() != ch.isdigit()) and prev.isalnum() and ch.isalnum() and ch.isascii():
            parts.append(r"[\s\-]?")
        parts.append(re.escape(ch))
        prev = ch
    body = "".join(parts)
    left = r"(?<![A-Z0-9\-_])" if term[0].isascii() and term[0].isalnum() else ""
    right = r"(?![0-9])(?![A-Z](?![A-Z]))" if term[-1].isascii() and term[-1].isalnum() else ""
    if term.endswith("服务"):
        right = "(?!器)"  # 计算服务 is a service, 计算服务器 a server
    return left + body + right


def _alternation(terms: list[str]) -> re.Pattern[str]:
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    return re.compile("|".join(term_pattern(t) for t in ordered))


@dataclass
class Chip:
    name: str
    vendor: str
    aliases: list[str]
    restricted: bool
    rule: str
    pattern: re.Pattern[str] = field(repr=False, default=None)  # type: ignore[assignment]


@dataclass
class Provider:
    name: str
    aliases: list[str]
    needs_context: list[str]
    traps: list[str]
    discovery: list[str]
    pattern: re.Pattern[str] = field(repr=False, default=None)  # type: ignore[assignment]
    trap_pattern: re.Pattern[str] | None = field(repr=False, default=None)


@dataclass
class Lexicon:
    """Every term list of the lexicon, with compiled patterns."""

    version: int
    chips: list[Chip]
    providers: list[Provider]
    unrestricted: re.Pattern[str]
    domestic: re.Pattern[str]
    gpu_context: re.Pattern[str]
    cloud_context: re.Pattern[str]
    access: re.Pattern[str]
    purchase: re.Pattern[str]
    discovery_extra: list[str]
    prefilter: re.Pattern[str]

    def discovery_keywords(self) -> list[str]:
        """Terms the crawlers send to portal searches: chip names, provider discovery terms and extras."""
        terms = [c.name for c in self.chips if c.restricted]
        for provider in self.providers:
            terms.extend(provider.discovery)
        terms.extend(self.discovery_extra)
        seen: dict[str, None] = {}
        for term in terms:
            seen.setdefault(term, None)
        return list(seen)

    def chip(self, name: str) -> Chip:
        return next(c for c in self.chips if c.name == name)


def load_lexicon(path: Path | str = LEXICON_PATH) -> Lexicon:
    """Read and compile a lexicon file."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    chips = [Chip(**c) for c in raw["chips"]]
    for chip in chips:
        chip.pattern = _alternation([chip.name, *chip.aliases])
    providers = [Provider(**p) for p in raw["providers"]]
    for provider in providers:
        provider.pattern = _alternation(provider.aliases)
        provider.trap_pattern = _alternation(provider.traps) if provider.traps else None
    trigger_terms = [a for c in chips for a in [c.name, *c.aliases]] + [a for p in providers for a in p.aliases]
    return Lexicon(
        version=raw["version"],
        chips=chips,
        providers=providers,
        unrestricted=_alternation(raw["unrestricted_chips"]),
        domestic=_alternation(raw["domestic_accelerators"]),
        gpu_context=_alternation(raw["gpu_context"]),
        cloud_context=_alternation(raw["cloud_context"]),
        access=_alternation(raw["access_words"]),
        purchase=_alternation(raw["purchase_words"]),
        discovery_extra=list(raw.get("discovery_extra", [])),
        prefilter=_alternation(trigger_terms),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    return load_lexicon()
