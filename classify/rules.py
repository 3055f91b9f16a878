"""Decision rules: from judged mentions to a label, a score, chips, providers and quoted evidence.

The pipeline runs fast first, then precise: the Aho-Corasick pre-filter lets through only notices that name
a chip or provider; for those, the spaCy pipeline finds names and context words, mentions are judged in
context (classify.mentions), and these rules decide:

1. A terminated or failed procurement, or a disposal, bought nothing: ``none``.
2. No mention that counts (every chip a model code or yardstick, every "AWS" a weather station): ``none``.
3. A US cloud or model provider that counts: ``remote_access``.
4. Chips that count (export-restricted ones, and the tracked ones DESIGN.md lists though they are below the
   thresholds, such as V100, whose facts say so): ``remote_access`` when the notice says they are rented or used
   as a service, ``hardware_purchase`` when it says they are bought. Two votes say it: the procurement's own
   framing (the mode words of the title, the project name and the statement of what is procured (采购需求：…), the 品目
   category, notice-wide words such as 服务期, 按卡时, 货物类, and a purchase of a count of units, "采购GPU服务器
   8台") and the mode words around the chips (with the line items' units). Words that service contracts say
   too (交货, 到货, 质保, 安装调试) weigh less than decisive ones (租赁, 按卡时, 购置). A clear framing decides alone —
   a rental's technical annex is full of 服务器, 节点, 台 and delivery terms — otherwise the two votes add up;
   and when the procurement's own statement (title, project name, 采购需求：…) has decisive words of one mode
   only, the descriptive words of the other mode around the chips (spec-table vocabulary) do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from classify.lexicon import CHIP, DECISIVE, PROVIDER, Lexicon, default_lexicon
from classify.mentions import Judge, Mention, Setting, domestic_named, other_chips, settle
from classify.nlp import Found, NoticeNLP, Span
from classify.prefilter import Prefilter
from classify.text import TextUnit, text_units
from classify.verdict import Evidence, Verdict
from extract.records import Notice

MAX_EVIDENCE = 5
MODE_WINDOW = 60
TITLE_WEIGHT = 3
UNIT_WEIGHT = 2
STATEMENT_WEIGHT = 2  # a mode word in the statement of what is procured (采购需求：…, 采购内容：…)
FRAME_WEIGHT = 3  # a framing word anywhere in the notice, or the category, counts once with this weight
SHARED_WEIGHT = 1  # a framing word service contracts say too (交货, 到货, 质保, 安装调试), once
FRAME_DECISIVE = 6  # a framing margin this large decides over the words around the chips
# framing word kinds of the lexicon: the mode each says and its weight
FRAMING_KINDS = (("access", "access", FRAME_WEIGHT), ("purchase", "purchase", FRAME_WEIGHT),
                 ("shared", "purchase", SHARED_WEIGHT))
OWNER_GAP = 2  # "售后服务期", "运维服务期": an owner word at most this far before 服务期 makes it a warranty term


@dataclass
class ModeVote:
    """How strongly the notice says the chips are used as a service (access) or bought (purchase)."""

    access: int = 0
    purchase: int = 0

    @property
    def label(self) -> str:
        return "remote_access" if self.access > self.purchase else "hardware_purchase"

    @property
    def margin(self) -> int:
        return abs(self.access - self.purchase)

    def add(self, mode: str, weight: int) -> None:
        setattr(self, mode, getattr(self, mode) + weight)

    def __add__(self, other: ModeVote) -> ModeVote:
        return ModeVote(self.access + other.access, self.purchase + other.purchase)


class Classifier:
    """The whole classifier for one lexicon: pre-filter, spaCy pipeline, mention judge and decision rules."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.prefilter = Prefilter(lexicon)
        self.nlp = NoticeNLP(lexicon)
        self.judge = Judge(lexicon)
        self._statement_label = re.compile(f"({lexicon.pattern('framing:statement_labels').pattern}):")
        self._maintenance_only = re.compile(
            r"(?<![及和与、+])(" + "|".join(map(re.escape, lexicon.notice["maintenance"])) + r")[^及和与、+]*$")
        self._purchase_count = re.compile(  # 采购GPU服务器8台, 购置8卡A800服务器6台; not 采购人提供机柜2台
            rf"(?:{lexicon.pattern('framing:purchase_verbs').pattern})(?!人|方|单位|代理)"
            rf"[^。；;！？!?\n,，]{{0,30}}?[\d一二两三四五六七八九十百]+\s?(?:{lexicon.pattern('framing:count_units').pattern})")

    def classify(self, notice: Notice) -> Verdict:
        """Label a notice remote_access, hardware_purchase or none, with the evidence and the rules that fired."""
        if not self.prefilter.is_candidate(notice):
            return Verdict(rules=["prefilter: no chip or provider term"])
        return self.precise(notice)

    def precise(self, notice: Notice) -> Verdict:
        """The precise stage alone (what a candidate goes through after the pre-filter)."""
        verdict = Verdict(candidate=True)
        units = text_units(notice)
        founds = self.nlp.analyse([u.norm for u in units])
        for unit, found in zip(units, founds, strict=True):  # a cue kind the matcher cannot mark: a regex over clauses
            found.cues["purchase_count"] = self._purchase_counts(unit, found)
        title = next(((u, f) for u, f in zip(units, founds, strict=True) if u.where == "title"), None)
        setting = Setting(gpu_title=bool(title and (title[1].cues_of("gpu") or title[1].cues_of("access"))),
                          works=bool(title and title[1].cues_of("notice:works") and not _mode_cues(title[1])))
        mentions = [m for u, f in zip(units, founds, strict=True) for m in self.judge.mentions(u, f, setting)]
        settled = settle(mentions, moves=any(f.cues_of("move_after") for f in founds))
        counting = [m for m in mentions if m.counts and m.kind in (CHIP, PROVIDER)]
        chips = [m for m in counting if m.kind == CHIP]  # restricted or tracked
        providers = [m for m in counting if m.kind == PROVIDER]
        verdict.rules.extend(settled)
        verdict.rules.extend(f"not evidence: {m.describe()} — {m.reason}" for m in mentions if m.reason)

        stop = self._nothing_bought(notice, title)
        if stop and (chips or providers):
            verdict.rules.insert(0, stop)
            return verdict
        if not chips and not providers:
            verdict.rules.insert(0, self._why_nothing(mentions))
            return verdict

        verdict.chips = list(dict.fromkeys(m.name for m in chips))
        verdict.providers = list(dict.fromkeys(m.name for m in providers))
        if providers:
            verdict.label = "remote_access"
            verdict.score = _provider_score(providers)
            verdict.rules.insert(0, "US cloud or model provider named: "
                                 + "; ".join(dict.fromkeys(m.describe() for m in providers)))
            evidence_from = providers + chips
        else:
            frame, frame_words, lean = self._framing(notice, title, units, founds)
            local = self._mode_vote(chips, lean)
            decisive = frame.margin >= FRAME_DECISIVE
            vote = frame if decisive else frame + local
            verdict.label = vote.label
            verdict.score = _chip_score(chips, frame + local)
            said = f": {', '.join(frame_words)}" if frame_words else ""
            leaning = f"; the statement leans to {lean}: only decisive words against it around the chips" if lean else ""
            kind = "restricted" if any(self.lexicon.chip(m.name).restricted for m in chips) else "tracked"
            verdict.rules.insert(0, f"{kind} chip {'used as a service' if vote.label == 'remote_access' else 'bought'}"
                                 f" (framing: access {frame.access}, purchase {frame.purchase}{said}"
                                 f"{' — decides' if decisive else leaning}; words around the chips: access {local.access},"
                                 f" purchase {local.purchase}): " + "; ".join(dict.fromkeys(m.describe() for m in chips)))
            evidence_from = chips
        verdict.rules[1:1] = self._chip_facts(verdict.chips, notice)
        if domestic_named(mentions):
            verdict.rules.append("domestic accelerators or clouds are named too")
        verdict.evidence = _evidence(evidence_from)
        verdict.amount_cny = _row_amount(notice, evidence_from)
        return verdict

    def _nothing_bought(self, notice: Notice, title: tuple[TextUnit, Found] | None) -> str | None:
        if notice.notice_type == "termination":
            return "terminated or failed procurement: nothing was bought"
        if title is None:
            return None
        unit, found = title
        if found.cues_of("notice:failed"):
            return f"terminated or failed procurement ({found.cues_of('notice:failed')[0].term}): nothing was bought"
        if found.cues_of("notice:disposal"):
            return f"a disposal ({found.cues_of('notice:disposal')[0].term}): the buyer sells or scraps equipment"
        if found.cues_of("notice:maintenance") and self._maintenance_only.search(unit.norm) \
                and not found.cues_of("access") and not found.cues_of("purchase_units"):
            return "maintenance of equipment the buyer already has: nothing new is bought or rented"
        return None

    def _why_nothing(self, mentions: list[Mention]) -> str:
        judged = [m for m in mentions if m.kind in (CHIP, PROVIDER)]
        if judged:
            return "no chip or provider mention counts as evidence"
        others = other_chips(mentions)
        if others:
            return f"only unrestricted NVIDIA parts: {', '.join(others)}"
        return "no restricted chip or US provider in context"

    def _purchase_counts(self, unit: TextUnit, found: Found) -> list[Span]:
        """Purchases of a count of units ("采购GPU服务器8台") in clauses that say nothing of renting or using."""
        spans = []
        for match in self._purchase_count.finditer(unit.norm):
            lo, hi = unit.clause(match.start(), match.end())
            if not any(mode == "access" for mode, _ in _mode_cues(found, lo, hi)):
                spans.append(Span(match.start(), match.end(), match.group(0)))
        return spans

    def _framing(self, notice: Notice, title: tuple[TextUnit, Found] | None, units: list[TextUnit],
                 founds: list[Found]) -> tuple[ModeVote, list[str], str | None]:
        """How the procurement frames itself: a service used for a period, or goods delivered; the words said;
        and the mode the procurement's own statement leans to (decisive words of that mode only in the title, the
        project name and the statement of what is procured), if it leans."""
        vote, said = ModeVote(), []
        weights = self.lexicon.weights
        named = [title] if title else []
        name = (notice.project_name or "").strip()
        if name and not (title and (name in title[0].text or title[0].text in name)):
            unit = TextUnit("project name", name)
            named.append((unit, self.nlp.analyse([unit.norm])[0]))
        decisive_modes = set()
        for unit, found in named:
            for mode, span in _mode_cues(found):
                vote.add(mode, TITLE_WEIGHT * weights[mode][span.term])
                said.append(f"{unit.where} {span.term}")
                if weights[mode][span.term] >= DECISIVE:
                    decisive_modes.add(mode)
        category = (notice.category or "").strip()
        for prefix, mode in self.lexicon.framing_categories.items():
            if category.startswith(prefix):
                vote.add(mode, FRAME_WEIGHT)
                said.append(f"category {category}")
        stated: set[str] = set()
        for unit, found in zip(units, founds, strict=True):
            if unit.line_item or unit.where == "title":
                continue
            for label in self._statement_label.finditer(unit.norm):  # 采购需求：租赁GPU算力…, not 第三章“采购需求”
                for mode, span in _mode_cues(found, label.end(), unit.sentence(label.end(), label.end())[1]):
                    if span.term not in stated:
                        stated.add(span.term)
                        vote.add(mode, STATEMENT_WEIGHT * weights[mode][span.term])
                        said.append(f"{label.group(1)} {span.term}")
                        if weights[mode][span.term] >= DECISIVE:
                            decisive_modes.add(mode)
        lean = decisive_modes.pop() if len(decisive_modes) == 1 else None
        counted: list[str] = []
        for found in founds:
            owners = found.cues_of("framing:service_period_owners")
            for kind, mode, weight in FRAMING_KINDS:
                for span in found.cues_of(f"framing:{kind}"):
                    if any(span.term in c or c in span.term for c in counted):
                        continue
                    if span.term.startswith("服务") and _near_end(owners, span.start):
                        continue  # 售后服务期: a warranty term of goods, not a period of use
                    counted.append(span.term)
                    vote.add(mode, weight)
                    said.append(span.term)
        bought = next((s for f in founds for s in f.cues_of("purchase_count")), None)
        if bought:
            vote.add("purchase", FRAME_WEIGHT)
            said.append(bought.term)
        return vote, said, lean

    def _mode_vote(self, chips: list[Mention], lean: str | None = None) -> ModeVote:
        """The mode words around the chips (each word once), purchases of a count of units, and the units of the
        line items that name them; against the mode the procurement's statement leans to, only decisive words."""
        vote = ModeVote()
        weights = self.lexicon.weights

        def add(mode: str, weight: int) -> None:
            if lean is None or mode == lean or weight >= DECISIVE:
                vote.add(mode, weight)

        seen_units: set[int] = set()
        counted: set[tuple[int, int]] = set()  # each word once, however many chips sit around it
        for m in chips:
            if m.unit.where == "title":
                continue
            lo, hi = m.start - MODE_WINDOW, m.end + MODE_WINDOW
            cues = [(mode, span, weights[mode][span.term]) for mode, span in _mode_cues(m.found)]
            cues += [("purchase", span, DECISIVE) for span in m.found.cues_of("purchase_count")]
            for mode, span, weight in cues:
                if span.start < hi and span.end > lo and (id(m.unit), span.start, mode) not in counted:
                    counted.add((id(m.unit), span.start, mode))
                    add(mode, weight)
            measure = (m.unit.unit_of_measure or "").strip().upper()
            if measure and id(m.unit) not in seen_units:
                seen_units.add(id(m.unit))
                if measure in self.lexicon.modes["access_units"]:
                    add("access", UNIT_WEIGHT)
                elif measure in self.lexicon.modes["purchase_units"]:
                    add("purchase", UNIT_WEIGHT)
        return vote

    def _chip_facts(self, chips: list[str], notice: Notice) -> list[str]:
        facts = []
        for name in chips:
            chip = self.lexicon.chip(name)
            if not chip.restricted:
                facts.append(f"{name}: not export-restricted ({chip.rule})")
                continue
            fact = f"{name}: export-restricted since {chip.restricted_since} ({chip.rule})"
            if notice.published and chip.restricted_since and notice.published < chip.restricted_since:
                fact += f"; this notice ({notice.published}) predates the restriction"
            facts.append(fact)
        return facts


def _mode_cues(found: Found, lo: int = 0, hi: int | None = None) -> list[tuple[str, Span]]:
    """Access and purchase words (between ``lo`` and ``hi``), the longest where one holds another: 云服务器 is not
    服务器, and a neutral phrase (远程技术支持, 质保金, 算力服务平台) hides the mode word inside it. Of two words that
    overlap otherwise, the later is the head of the compound: 计算服务器 and 平台服务器 are servers, not services."""
    spans = [(mode, s) for mode in ("access", "purchase", "neutral") for s in found.cues_of(mode)
             if s.start >= lo and (hi is None or s.end <= hi)]
    spans.sort(key=lambda ms: ms[1].end - ms[1].start, reverse=True)
    kept: list[tuple[str, Span]] = []
    for mode, span in spans:
        if not any(k.start <= span.start and span.end <= k.end for _, k in kept):
            kept.append((mode, span))
    kept.sort(key=lambda ms: ms[1].start)
    heads: list[tuple[str, Span]] = []
    for mode, span in kept:
        while heads and span.start < heads[-1][1].end < span.end:
            heads.pop()
        heads.append((mode, span))
    return [(mode, span) for mode, span in heads if mode != "neutral"]


def _row_amount(notice: Notice, evidence: list[Mention]) -> float | None:
    """In an intention list of several projects, the budget of the rows the evidence sits in (the notice's own
    amount would be the whole list's, or none)."""
    if notice.notice_type != "intention" or notice.budget_cny is not None:
        return None
    priced = [item for item in notice.all_line_items() if item.total_cny is not None]
    rows = {id(m.unit.item): m.unit.item for m in evidence if m.unit.item is not None and m.unit.item.total_cny is not None}
    if len(priced) < 2 or not rows or len(rows) == len(priced):
        return None
    return round(sum(item.total_cny for item in rows.values()), 2)


def _near_end(spans: list[Span], pos: int) -> bool:
    """Does one of the spans end just before ``pos``?"""
    return any(pos - OWNER_GAP <= s.end <= pos for s in spans)


def _provider_score(providers: list[Mention]) -> float:
    score = 0.85 if any(m.strong for m in providers) else 0.75
    score += 0.05 * min(len({(id(m.unit), m.start) for m in providers}) - 1, 2)
    return round(min(score, 0.98), 3)


def _chip_score(chips: list[Mention], vote: ModeVote) -> float:
    score = 0.6 + (0.15 if any(m.strong for m in chips) else 0.0) + (0.1 if vote.margin >= 3 else 0.0)
    score += 0.05 * min(len({id(m.unit) for m in chips}) - 1, 2)
    if all(m.unit.where.startswith("attachment link") for m in chips):
        score -= 0.15
    return round(min(score, 0.98), 3)


def _evidence(matches: list[Mention]) -> list[Evidence]:
    quotes: list[Evidence] = []
    seen: list[str] = []
    order = {id(m): i for i, m in enumerate(matches)}
    for match in sorted(matches, key=lambda m: (_unit_rank(m.unit), order[id(m)])):
        text = match.unit.quote(match.start, match.end)
        key = re.sub(r"\W", "", text)
        if not text or any(key in other or other in key for other in seen):
            continue  # the same words already quoted (a table row and its line item, say)
        seen.append(key)
        quotes.append(Evidence(text=text, where=match.place))
        if len(quotes) >= MAX_EVIDENCE:
            break
    return quotes


def _unit_rank(unit: TextUnit) -> int:
    """Evidence order: title, line items, body, attachments, attachment link names."""
    for rank, prefix in enumerate(("title", "line item", "body", "p.", "attachment link", "attachment")):
        if unit.where.startswith(prefix):
            return rank if prefix != "attachment link" else 9
    return 5


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The classifier of the shipped lexicon, built once per process."""
    return Classifier(default_lexicon())


def classify(notice: Notice, classifier: Classifier | None = None) -> Verdict:
    """Label a notice remote_access, hardware_purchase or none, with the evidence for it."""
    return (classifier or default_classifier()).classify(notice)
