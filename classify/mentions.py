"""Mentions: each chip or provider a notice names, judged in its context.

A mention counts as evidence only if it names the thing (a GPU, not a centrifuge model code; Amazon's cloud,
not an automatic weather station) and the notice is getting it: not a yardstick ("性能不低于A100"), not
excluded ("不得使用境外云服务"), not struck by a correction ("原“H200”更正为“B200”"), not what the buyer
already has or a bidder has done elsewhere, not the background of a project description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from classify.lexicon import CHIP, DOMESTIC, DOMESTIC_CLOUD, OTHER_CHIP, PROVIDER, PROVIDER_WEAK, TRAP, Lexicon
from classify.nlp import Found, Span
from classify.text import TextUnit

WINDOW = 40  # characters either side in which a chip needs GPU words
TRAP_WINDOW = 20  # characters either side in which a trap phrase takes a provider's full name
YARDSTICK = "named only as a yardstick (a comparison or compatibility)"
MODE_WINDOW = 60  # characters either side whose access and purchase words tell what is done with a chip


@dataclass
class Mention:
    """One named thing in one text unit, and the verdict on whether it is evidence."""

    kind: str  # CHIP, OTHER_CHIP, DOMESTIC, DOMESTIC_CLOUD, PROVIDER
    name: str  # canonical name (A100, AWS) or the term itself for other kinds
    term: str
    unit: TextUnit
    found: Found = field(repr=False)
    start: int = 0
    end: int = 0
    strong: bool = False
    weak_name: bool = False  # a short name that needs context (AWS, GCP, Claude)
    reason: str | None = None  # why it is not evidence; None when it is

    @property
    def counts(self) -> bool:
        return self.reason is None

    @property
    def place(self) -> str:
        return self.unit.place(self.start)

    def describe(self) -> str:
        return f"{self.name} ({self.term}) in {self.place}"


def _near(spans: list[Span], lo: int, hi: int, skip: tuple[int, int] | None = None) -> list[Span]:
    return [s for s in spans if s.start < hi and s.end > lo and not (skip and skip[0] <= s.start and s.end <= skip[1])]


class Judge:
    """Turns the pipeline's findings into judged mentions."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        notice_words = lexicon.notice
        old = "|".join(re.escape(t) for t in sorted(notice_words["correction_old"], key=len, reverse=True))
        new = "|".join(re.escape(t) for t in sorted(notice_words["correction_new"], key=len, reverse=True))
        # 原“HGX H200服务器16台”更正为“…”: the old wording is struck; quotes are optional
        self.struck = re.compile(rf"(?:{old})[:：]?\s*[\"“「『']?([^。;；\n]{{1,200}}?)[\"”」』']?\s*(?:{new})")
        self.deleted = re.compile(r"删除[\"“「『']([^\"”」』']{1,200})[\"”」』']")

    def mentions(self, unit: TextUnit, found: Found, gpu_title: bool = False) -> list[Mention]:
        """Every named thing of a unit, judged; ``gpu_title``: the notice's title speaks of GPUs or compute."""
        struck = [m.span(1) for m in self.struck.finditer(unit.norm)] + \
                 [m.span(1) for m in self.deleted.finditer(unit.norm)]
        traps = [(s, self.lexicon.entities[s.term][0].name) for s in found.entities
                 if self.lexicon.entities[s.term][0].kind == TRAP]
        out = []
        for span in found.entities:
            for meaning in self.lexicon.entities[span.term]:
                if meaning.kind == TRAP:
                    continue
                kind = PROVIDER if meaning.kind == PROVIDER_WEAK else meaning.kind
                mention = Mention(kind, meaning.name, span.term, unit, found, span.start, span.end, meaning.strong,
                                  weak_name=meaning.kind == PROVIDER_WEAK)
                if kind in (CHIP, PROVIDER):
                    mention.reason = self._judge(mention, meaning.kind, struck, traps, gpu_title)
                out.append(mention)
        return out

    def _judge(self, m: Mention, kind: str, struck: list[tuple[int, int]],
               traps: list[tuple[Span, str]], gpu_title: bool) -> str | None:
        unit, found = m.unit, m.found
        if any(lo <= m.start and m.end <= hi for lo, hi in struck):
            return "struck by a correction (the old wording)"
        s_lo, s_hi = unit.sentence(m.start, m.end)
        if kind == CHIP and not m.strong and _near(found.cues_of("gpu_prefix"), m.start - 3, m.start):
            m.strong = True  # NVIDIA A100, Tesla V100
        if kind == CHIP and not m.strong:
            # a title, a line item or a link name is its own window
            whole = unit.where.startswith(("title", "line item", "attachment link")) or unit.unit_of_measure
            lo, hi = (0, len(unit.norm)) if whole else (max(s_lo, m.start - WINDOW), min(s_hi, m.end + WINDOW))
            if _near(found.cues_of("instrument"), lo, hi):
                if not _near(found.cues_of("gpu"), lo, hi, (m.start, m.end)):
                    return "a model code of an instrument, not a GPU"
            elif not _near(found.cues_of("gpu"), lo, hi, (m.start, m.end)) and not gpu_title:
                return "no GPU words around a bare model code"
        if m.kind == PROVIDER:
            # a short name (AWS) is taken by a trap anywhere in its sentence, a full name only close by
            lo, hi = (s_lo, s_hi) if kind == PROVIDER_WEAK else (m.start - TRAP_WINDOW, m.end + TRAP_WINDOW)
            for trap, provider in traps:
                if provider == m.name and trap.start < hi and trap.end > lo and s_lo <= trap.start < s_hi:
                    return f"{m.term} here means {trap.term}"
        if kind == PROVIDER_WEAK:
            lo, hi = max(s_lo, m.start - WINDOW), min(s_hi, m.end + WINDOW)
            context = _near(found.cues_of(f"provider_context:{m.name}"), lo, hi, (m.start, m.end))
            if not [c for c in context if not (c.start < m.end and c.end > m.start)]:
                return f"{m.term} without the context that makes it {m.name}"
        return self._qualifier(m)

    def _qualifier(self, m: Mention) -> str | None:
        """Why the clause around a mention says the notice is not getting it, if it says so."""
        unit, found = m.unit, m.found
        c_lo, c_hi = unit.clause(m.start, m.end)
        s_lo, s_hi = unit.sentence(m.start, m.end)
        before = (max(c_lo, m.start - 24), m.start)
        after = (m.end, min(c_hi, m.end + 16))
        if _near(found.cues_of("negation_before"), *before) or _near(found.cues_of("negation_after"), *after):
            return "excluded or forbidden by the notice"
        if _near(found.cues_of("comparison_before"), *before) or _near(found.cues_of("comparison_after"), *after):
            return YARDSTICK
        if _near(found.cues_of("existing"), max(c_lo, m.start - 16), m.start):
            return "what the buyer already has"
        if _near(found.cues_of("experience"), c_lo, c_hi, (m.start, m.end)):
            return "a bidder's track record, a certificate or a course"
        if m.kind == PROVIDER and _near(found.cues_of("background"), s_lo, s_hi):
            return "the background of the project description"
        return None


def domestic_named(mentions: list[Mention]) -> bool:
    """Does the notice name domestic accelerators or clouds?"""
    return any(m.kind in (DOMESTIC, DOMESTIC_CLOUD) for m in mentions)


def other_chips(mentions: list[Mention]) -> list[str]:
    """NVIDIA parts below the thresholds that the notice names."""
    return list(dict.fromkeys(m.term for m in mentions if m.kind == OTHER_CHIP))


def settle(mentions: list[Mention]) -> list[str]:
    """Notice-wide judgments, after every mention is judged alone; returns the rules that fired.

    - A short name that a trap defines once ("自动气象站（AWS）") means the same everywhere in the notice.
    - A chip named as a yardstick ("性能不低于A100") is the chip asked for unless the notice buys domestic
      accelerators; in a domestic purchase it is only a comparison.
    """
    rules = []
    trapped = {m.term: m.reason for m in mentions if m.weak_name and m.reason and " here means " in m.reason}
    for m in mentions:
        if m.weak_name and m.counts and m.term in trapped:
            m.reason = f"in this notice {trapped[m.term].split(' here ', 1)[0]} {trapped[m.term].split(' here ', 1)[1]}"
    if not domestic_named(mentions):
        revived = [m for m in mentions if m.kind == CHIP and m.reason == YARDSTICK]
        for m in revived:
            m.reason = None
        if revived:
            rules.append("chip named as a minimum or reference with no domestic accelerator: taken as the chip asked"
                         " for (" + ", ".join(dict.fromkeys(m.name for m in revived)) + ")")
    return rules
