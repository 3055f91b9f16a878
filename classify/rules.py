"""Decision rules: lexicon matches in context give the label, score, chips, providers and evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from classify.lexicon import Lexicon, default_lexicon
from classify.text import TextUnit, text_units
from classify.verdict import Evidence, Verdict
from extract.records import Notice

WINDOW = 60
MAX_EVIDENCE = 5


@dataclass
class Match:
    kind: str  # chip | provider
    name: str
    unit: TextUnit
    start: int
    end: int
    access: bool = False
    purchase: bool = False


def _window(unit: TextUnit, start: int, end: int, size: int = WINDOW) -> str:
    return unit.norm[max(0, start - size):end + size]


def _chip_matches(lex: Lexicon, unit: TextUnit) -> list[Match]:
    found = []
    for chip in lex.chips:
        for m in chip.pattern.finditer(unit.norm):
            around = _window(unit, m.start(), m.end(), 40)
            local = around.replace(m.group(0), " ")
            if not lex.gpu_context.search(local) and unit.where != "title":
                continue
            found.append(Match("chip", chip.name, unit, m.start(), m.end()))
    return found


def _provider_matches(lex: Lexicon, unit: TextUnit) -> list[Match]:
    found = []
    for provider in lex.providers:
        for m in provider.pattern.finditer(unit.norm):
            around = _window(unit, m.start(), m.end(), 30)
            if provider.trap_pattern and provider.trap_pattern.search(around):
                continue
            short = m.group(0).replace(" ", "") in {t.upper() for t in provider.needs_context}
            if short and not lex.cloud_context.search(around.replace(m.group(0), " ")):
                continue
            found.append(Match("provider", provider.name, unit, m.start(), m.end()))
    return found


def candidate(notice: Notice, lex: Lexicon | None = None) -> bool:
    """The cheap pre-filter: does any chip or provider term appear anywhere in the notice?"""
    lex = lex or default_lexicon()
    return any(lex.prefilter.search(unit.norm) for unit in text_units(notice))


def classify(notice: Notice, lex: Lexicon | None = None) -> Verdict:
    """Label a notice remote_access, hardware_purchase or none, with the evidence for it."""
    lex = lex or default_lexicon()
    units = text_units(notice)
    verdict = Verdict(candidate=any(lex.prefilter.search(u.norm) for u in units))
    if not verdict.candidate:
        verdict.rules.append("prefilter: no chip or provider term")
        return verdict
    title_access = any(u.where == "title" and lex.access.search(u.norm) for u in units)
    matches: list[Match] = []
    for unit in units:
        for match in _chip_matches(lex, unit) + _provider_matches(lex, unit):
            around = _window(unit, match.start, match.end)
            match.access = bool(lex.access.search(around)) or title_access
            match.purchase = bool(lex.purchase.search(around))
            matches.append(match)
    restricted = {c.name for c in lex.chips if c.restricted}
    chip_hits = [m for m in matches if m.kind == "chip" and m.name in restricted]
    provider_hits = [m for m in matches if m.kind == "provider"]
    if not chip_hits and not provider_hits:
        verdict.rules.append("no restricted chip or US provider in context")
        return verdict
    if notice.notice_type == "termination":
        verdict.rules.append("terminated or failed procurement: nothing was bought")
        return verdict
    remote = [m for m in chip_hits if m.access] + provider_hits
    if remote:
        verdict.label = "remote_access"
        verdict.rules.append("US provider named" if provider_hits else "restricted chip with access words")
        verdict.score = 0.95 if any(m.kind == "chip" for m in remote) or len(provider_hits) > 1 else 0.9
        evidence_from = remote + [m for m in chip_hits if m not in remote]
    else:
        verdict.label = "hardware_purchase"
        verdict.rules.append("restricted chip in a purchase")
        verdict.score = 0.9 if any(m.purchase for m in chip_hits) else 0.7
        evidence_from = chip_hits
    all_chips = [m.name for m in matches if m.kind == "chip"]
    verdict.chips = sorted(set(all_chips), key=all_chips.index)
    verdict.providers = sorted({m.name for m in provider_hits}, key=[m.name for m in provider_hits].index)
    verdict.evidence = _evidence(evidence_from)
    return verdict


def _evidence(matches: list[Match]) -> list[Evidence]:
    quotes: list[Evidence] = []
    seen: list[str] = []
    for match in matches:
        text = match.unit.quote(match.start, match.end)
        key = re.sub(r"\W", "", text)
        if not text or any(key in other or other in key for other in seen):
            continue  # the same words already quoted (a table row and its line item, say)
        seen.append(key)
        quotes.append(Evidence(text=text, where=match.unit.where))
        if len(quotes) >= MAX_EVIDENCE:
            break
    return quotes
