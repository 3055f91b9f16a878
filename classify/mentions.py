"""Mentions: each chip or provider a notice names, judged in its context.

A mention counts as evidence only if it names the thing (a GPU, not a centrifuge model code; Amazon's cloud,
not an automatic weather station) and the notice is getting it: not a yardstick ("性能不低于A100"), not
excluded ("不得使用境外云服务"), not struck by a correction ("原“H200”更正为“B200”"), not the design basis of a
facility ("按H800服务器功耗设计"), not a cloud the buyer moves off ("由AWS迁移至华为云"), not what the buyer
already has or a bidder has done elsewhere, not the background of a project description.

A qualifier governs a whole enumeration: in "不接受A100、H100、H800等进口GPU" every chip of the list is excluded,
not only the one next to the negation, and an exclusion reaches the list through the phrase it belongs to (an
introducer, a vendor, 进口: "严禁调用境外大模型服务（如OpenAI GPT系列、Anthropic Claude…）"); it governs the same thing
named again further on in its clause (an alias, a product: "原部署于亚马逊云科技的业务系统（含AWS EC2实例）迁移至华为云")
unless another act or a move starts in between ("…迁移至AWS": the move's target counts). A US cloud the notice moves
its systems off is the old cloud wherever the notice names it without buying it ("目前部署于亚马逊云科技（AWS）…，由西
云数据运营" then "拟将上述系统整体迁移至天翼云").

A course, an exam or a certification is judged by the words of the same unit, whatever the unit (body, line
item, title, attachment page): "考试券：Microsoft Azure…" and "亚马逊云科技 Solutions Architect 认证考试代金券" are
about the provider, "AWS 云服务（含培训）" buys it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from classify.lexicon import CHIP, DOMESTIC, DOMESTIC_CLOUD, OTHER_CHIP, PROVIDER, PROVIDER_WEAK, TRAP, Lexicon
from classify.nlp import Found, Span
from classify.text import TextUnit

WINDOW = 40  # characters either side in which a chip needs GPU words
QUALIFIER_BEFORE = 24  # characters before a mention (or its list) in which a qualifier governs it
QUALIFIER_AFTER = 16
LEAD_REACH = 40  # characters before an enumeration that the phrase it belongs to may take ("美国英伟达公司生产的")
DESIGN_FRAME_AFTER = 30  # "按照H100服务器满负荷运行设计": the closing word of a design frame may sit further away
ADJACENT = 6  # "AWS认证", "Azure专家级证书": a credential named after the thing, no punctuation between
INCLUDED_BEFORE = 6  # "含管理员使用培训": an inclusion word at most this far before a course word
FORMER_BEFORE = 12  # characters before a name in which 原 (and a vendor between: 原NVIDIA A100) is looked for
TRAP_WINDOW = 20  # characters either side in which a trap phrase takes a provider's full name
MOVE_TARGET_GAP = 12  # characters between a move word and the cloud it goes to ("迁移至亚马逊云科技")
EXISTING_BEFORE = 16  # characters before a mention in which a word of what the buyer has (现有, 目前部署于) governs it
YARDSTICK = "named only as a yardstick (a comparison or compatibility)"
MOVED_OFF = "a cloud the buyer moves off or stops using"
EXISTING = "what the buyer already has"
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
    governor: Span | None = None  # the qualifier word that governs it (原部署于, 不接受, 考试券 …), if one does

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


def _near_any(spans: list[Span], windows: list[tuple[int, int]]) -> list[Span]:
    return [s for lo, hi in windows for s in _near(spans, lo, hi)]


_VENDOR = r"(?:NVIDIA|英伟达|TESLA|亚马逊|AMAZON|微软|MICROSOFT|谷歌|GOOGLE|甲骨文|ORACLE)"
# What may stand between two items of an enumeration: separators; the model words of the item before (a memory
# size or form factor, "GPT系列", "Gemini 1.5 Pro", "Claude 3.5 Sonnet") and a generic noun after it ("AWS云服务、
# Azure"); brackets ("亚马逊云科技（AWS）") and a vendor's name before the next item ("NVIDIA H100", "谷歌GCP",
# "Google Gemini", "Anthropic的Claude").
_LIST_GLUE = re.compile(r"(?:\s?[A-Z0-9][A-Z0-9.+\-]*){0,3}\s?(?:全?系列|系列模型|大模型|模型|云服务|云平台|公有云|云|GPU卡|GPU"
                        r"|显卡|加速卡|卡)?[\s、,，/／|()（）和与及或]*(?:以及|或者)?[\s、,，/／()（）]*" + _VENDOR + r"?的?\s?")
# Before the first item, the phrase the enumeration belongs to: an introducer (如, 例如, 包括但不限于), a word of
# containing (搭载, 采用, 含有), the vendor ("美国英伟达公司生产的", "英伟达（NVIDIA）") and 进口. A qualifier before the
# phrase governs the list: "不接受进口GPU整机，例如搭载NVIDIA A100、H100…".
_LEAD = re.compile(r"(?P<intro>包括但不限于|包括|例如|比如|诸如|如(?![需有果若下何期实此同])|即)?[:：]?\s?"
                   r"(?:搭载|采用|基于|使用|含有|内置|装配)?\s?(?:美国)?(?:" + _VENDOR + r"(?:\s?CORPORATION|公司|品牌)?"
                   r"(?:[(（]\s?" + _VENDOR + r"\s?[)）])?(?:公司)?(?:设计|生产|制造|出品)*的?)?\s?(?:进口的?)?\s?$")
# After the last item, the closer of the phrase: "等进口GPU", "等型号", "等境外大模型", "及含上述GPU的整机产品".
_CLOSER = re.compile(r"[)）]?\s?(?:等[^,，。；;！？!?\n()（）]{0,12}?|[^,，。；;！？!?\n()（）]{0,4}?)"
                     r"(?:GPU|显卡|加速卡|计算卡|芯片|型号|产品|整机|服务器|设备|大模型|模型|服务|平台|公有云|云)"
                     r"(?:(?:及|和|或|以及)[^,，。；;！？!?\n()（）]{0,16}?(?:产品|整机|服务器|设备|型号|GPU|加速卡))?[)）]?")
# Between a qualifier and the mention, a word that starts another act: "预留2个插槽并配置2张H100" buys the H100,
# "停用原AWS账号并开通新的亚马逊云科技账号" opens a new one.
_OWN_ACT = re.compile(r"配置|配备|采购|购置|购买|新购|提供|安装|搭载|租赁|租用|开通|订购|续费|续订")
_PURPOSE = re.compile(r"用于|用来|以便|以|并|实现|完成|[,，；;]")  # "AWS云服务器，用于迁移至云端": the cloud is the means
_OPENING = re.compile(r"[(（\[【]")  # a remark in brackets after a name is about something else
_NOT_CONDITION = re.compile(r"[未不没非无]")  # "未提供A100原厂授权的，投标无效": what is voided is the lack of it
_PLANNED = re.compile(r"拟|计划|需要|需|须|准备|打算")  # "目前拟部署在AWS上": a plan, not what the buyer has
_NEGATED_BEFORE = re.compile(r"(不再|不|无需|停止|未|拒绝)$")  # "到期后不再续订": a renewal word that renews nothing
# A clause that buys a cloud (not the buyer's name 采购人, not a contract 采购合同).
_ACQUIRING = re.compile(r"采购(?!人|方|单位|代理|合同)|购置|购买|新购|租赁|租用|开通|订购|续费|续订|续租|续期|充值|扩容|增购")
# What a credential named right after the thing may not have in between.
_NOT_ADJACENT = re.compile(r"[,，、；;:：()（）\[\]【】|。含及和与]")
# Between a course word and the provider after it ("考试券：Microsoft Azure"): another act or another item.
_NOT_COURSE_CONTENT = re.compile(r"采购|购置|购买|开通|租用|租赁|订购|订阅|提供|配备|配置|以及|[及和与并、|]")
# Between a provider and a course word after it ("亚马逊云科技 Solutions Architect 认证考试券"): another item, an
# inclusion, a remark in brackets or a purpose ("AWS 云服务（含培训）", "AWS云服务器用于教学").
_NOT_COURSE_SUBJECT = re.compile(r"[,，、；;:：(（\[【|。含及和与并供]|用于|用来|以便|开展|支撑|支持|提供|开通|购买|采购|部署|搭建|使用|运行")
# An exam code in brackets in a course's title is part of the title: "Microsoft Azure Administrator（AZ-104）认证培训",
# "Google Cloud Associate Cloud Engineer（ACE）认证培训".
_EXAM_CODE = re.compile(r"[(（]\s?[A-Z0-9][A-Z0-9.\-]{1,11}\s?[)）]")


@dataclass
class Setting:
    """What the notice as a whole says that judging a mention needs."""

    gpu_title: bool = False  # the title speaks of GPUs or compute
    works: bool = False  # the title names a works project (施工, 机电工程, 机房改造 …) and no mode of getting chips


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
        # 原AWS资源, 原NVIDIA A100环境: right before the name, or before the vendor that prefixes a chip
        self._former = re.compile(
            f"(?:{lexicon.pattern('former').pattern})\\s?(?:(?:{lexicon.pattern('gpu_prefix').pattern})\\s?)?$")

    def mentions(self, unit: TextUnit, found: Found, setting: Setting | None = None) -> list[Mention]:
        """Every named thing of a unit, judged in the setting of its notice."""
        setting = setting or Setting()
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
                    mention.reason = self._judge(mention, meaning.kind, struck, traps, setting)
                out.append(mention)
        return out

    def _judge(self, m: Mention, kind: str, struck: list[tuple[int, int]],
               traps: list[tuple[Span, str]], setting: Setting) -> str | None:
        unit, found = m.unit, m.found
        if any(lo <= m.start and m.end <= hi for lo, hi in struck):
            return "struck by a correction (the old wording)"
        s_lo, s_hi = unit.sentence(m.start, m.end)
        if kind == CHIP and not m.strong and _near(found.cues_of("gpu_prefix"), m.start - 3, m.start):
            m.strong = True  # NVIDIA A100, Tesla V100
        if kind == CHIP and not m.strong:
            # a title, a line item or a link name is its own window
            whole = unit.line_item or unit.where.startswith(("title", "attachment link"))
            lo, hi = (0, len(unit.norm)) if whole else (max(s_lo, m.start - WINDOW), min(s_hi, m.end + WINDOW))
            if _near(found.cues_of("instrument"), lo, hi):
                if not _near(found.cues_of("gpu"), lo, hi, (m.start, m.end)):
                    return "a model code of an instrument, not a GPU"
            elif not _near(found.cues_of("gpu"), lo, hi, (m.start, m.end)) and not setting.gpu_title:
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
        qualified = self._qualifier(m)
        if qualified:
            reason, m.governor = qualified
            return reason
        if kind == CHIP and setting.works \
                and not self.lexicon.pattern("notice:acquisition").search(unit.norm, s_lo, s_hi):
            return "in a works project, named without being bought or rented (the load the facility is built for)"
        return None

    def _qualifier(self, m: Mention) -> tuple[str, Span | None] | None:
        """Why the words around a mention (or around the enumeration it is part of) say the notice is not getting
        it, if they say so, and the word that says it (None when the whole sentence does)."""
        unit, found = m.unit, m.found
        c_lo, c_hi = unit.clause(m.start, m.end)
        s_lo, s_hi = unit.sentence(m.start, m.end)
        first, last = self._list_bounds(m)
        first_clause, last_clause = unit.clause(first, first + 1)[0], unit.clause(last - 1, last)[1]
        before = [(max(c_lo, m.start - QUALIFIER_BEFORE), m.start), (max(first_clause, first - QUALIFIER_BEFORE), first)]
        after = [(m.end, min(c_hi, m.end + QUALIFIER_AFTER)), (last, min(last_clause, last + QUALIFIER_AFTER))]
        cues = found.cues_of
        excluded = self._excluded(m, before, after, first, last)
        if excluded:
            return "excluded or forbidden by the notice", excluded
        if _near_any(cues("comparison_before"), before) or _near_any(cues("comparison_after"), after):
            return YARDSTICK, None
        design = self._design_basis(m, before, first, last, last_clause)
        if design:
            return "named as the design basis or planned load of a facility, not bought", design
        moved = self._moved_off(m, before, after, first, last)
        if moved:
            return MOVED_OFF, moved
        existing = self._existing(m, c_lo, first)
        if existing:
            return EXISTING, existing
        credential = self._credential(m, c_lo, c_hi, first, last)
        if credential:
            return credential
        if m.kind == PROVIDER and _near(cues("background"), s_lo, s_hi):
            return "the background of the project description", None
        return None

    def _excluded(self, m: Mention, before: list[tuple[int, int]], after: list[tuple[int, int]], first: int,
                  last: int) -> Span | None:
        """The word that excludes or forbids the mention, if one does: a negation before or after the mention or its
        list ("不接受A100、H100", "H100、H800等均不予接受"); before the phrase the list belongs to, with no other act in
        between ("严禁调用境外大模型服务（如OpenAI GPT系列、Anthropic Claude…）", "不得采用进口GPU，包括但不限于NVIDIA
        A100…"); after the phrase's closer ("…等进口GPU及含上述GPU的整机产品均不予接受"); or the voiding of a bid that
        offers it ("凡采用NVIDIA A100…的整机产品，投标无效")."""
        unit, cues, text = m.unit, m.found.cues_of, m.unit.norm
        if not (cues("negation_before") or cues("negation_after") or cues("void_after")):
            return None
        lead, lead_lo, tail = self._phrase(m, first, last)
        negated = _near_any(cues("negation_before"), before)
        negated += [c for c in _near(cues("negation_before"), max(lead_lo, lead - QUALIFIER_BEFORE), lead)
                    if not _OWN_ACT.search(text, c.end, lead)]
        after = after + [(tail, min(unit.clause(tail - 1, tail)[1], tail + QUALIFIER_AFTER))]
        negated += [c for c in _near_any(cues("negation_after"), after)
                    if not _OPENING.search(text, min(last, m.end), c.start)]  # "H20（不接受翻新卡）"
        minimums = cues("comparison_before")  # "不得低于A100": a minimum, not an exclusion
        negated = [c for c in negated if not any(k.start <= c.start and c.end <= k.end for k in minimums)]
        return negated[0] if negated else self._voided(m, first, last)

    def _phrase(self, m: Mention, first: int, last: int) -> tuple[int, int, int]:
        """The phrase an enumeration belongs to: where it starts (an introducer, a vendor, 进口 before the first item),
        how far back a qualifier before it may stand (its clause, and the clause before when the introducer opens
        a clause: "不得采用进口GPU，包括但不限于…"), and where it ends (a closer after the last item: 等进口GPU)."""
        unit, text = m.unit, m.unit.norm
        s_lo = unit.sentence(first, first + 1)[0]
        lead_match = _LEAD.search(text, max(s_lo, first - LEAD_REACH), first)
        lead = lead_match.start() if lead_match else first
        lead_lo = unit.clause(lead, lead + 1)[0]
        if lead_match and lead_match.group("intro") and not text[lead_lo:lead].strip() \
                and lead_lo - 1 > s_lo and text[lead_lo - 1] in ",，":
            lead_lo = unit.clause(lead_lo - 2, lead_lo - 1)[0]
        closer = _CLOSER.match(text, last)
        return lead, lead_lo, (closer.end() if closer else last)

    def _voided(self, m: Mention, first: int, last: int) -> Span | None:
        """The consequence that voids a bid offering the mention ("凡采用NVIDIA A100…的整机产品，投标无效", "所投产品含有
        H100等进口GPU的，按无效投标处理"), if one does: a condition (凡, 如果 …) before the list or a clause that ends
        in 的 after it, with no negation inside the condition ("未提供A100原厂授权的，投标无效" asks for the A100)."""
        unit, text = m.unit, m.unit.norm
        if not m.found.cues_of("void_after"):
            return None
        s_lo, s_hi = unit.sentence(first, last)
        voiding = [c for c in _near(m.found.cues_of("void_after"), last, s_hi) if "否则" not in text[last:c.start]]
        if not voiding:
            return None
        c_lo, c_hi = unit.clause(first, first + 1)[0], unit.clause(last - 1, last)[1]
        condition = self.lexicon.pattern("condition").search(text, s_lo, first)
        if not condition and text[c_hi - 1:c_hi] != "的":
            return None
        start = condition.end() if condition else c_lo
        return None if _NOT_CONDITION.search(text, start, first) else voiding[0]

    def _list_bounds(self, m: Mention) -> tuple[int, int]:
        """Start and end of the enumeration a mention is part of ("A100、H100、H800", "亚马逊云科技（AWS）")."""
        spans = [s for s in m.found.entities if self.lexicon.entities[s.term][0].kind != TRAP]
        i = next((k for k, s in enumerate(spans) if s.start == m.start and s.end == m.end), None)
        if i is None:
            return m.start, m.end
        text = m.unit.norm
        lo = hi = i
        while lo > 0 and _LIST_GLUE.fullmatch(text, spans[lo - 1].end, spans[lo].start):
            lo -= 1
        while hi + 1 < len(spans) and _LIST_GLUE.fullmatch(text, spans[hi].end, spans[hi + 1].start):
            hi += 1
        return spans[lo].start, spans[hi].end

    def _governs(self, m: Mention, cue: Span, first: int) -> bool:
        """A cue before a mention governs it unless another act or a move starts in between ("原部署于华为云的系统
        迁移至AWS": AWS is where the system goes)."""
        if cue.end > m.start:
            return True
        end = min(first, m.start)
        gap = m.unit.norm[cue.end:end]
        return not _OWN_ACT.search(gap) and "含" not in gap and not _near(m.found.cues_of("move_to"), cue.end, end)

    def _design_basis(self, m: Mention, before: list[tuple[int, int]], first: int, last: int,
                      last_clause: int) -> Span | None:
        """The word that makes the mention a facility's design basis, if one does."""
        cues = m.found.cues_of
        governing = [c for c in _near_any(cues("design_before"), before) if self._governs(m, c, first)]
        governing += _near(cues("design_after"), last, min(last_clause, last + QUALIFIER_AFTER))
        framed = [c for c in _near_any(cues("design_frame_before"), before) if self._governs(m, c, first)]
        if framed and _near(cues("design_frame_after"), last, min(last_clause, last + DESIGN_FRAME_AFTER)):
            governing += framed
        return governing[0] if governing else None

    def _moved_off(self, m: Mention, before: list[tuple[int, int]], after: list[tuple[int, int]],
                   first: int, last: int) -> Span | None:
        """The word that makes the mention a cloud the buyer moves off, if one does."""
        if m.kind != PROVIDER:
            return None
        cues = m.found.cues_of
        leaving = [c for c in _near_any(cues("leaving_before"), before) if self._governs(m, c, first)]
        leaving += _near_any(cues("leaving_after"), after)
        # "部署在Azure上的系统迁移至天翼云": a move with a direction close after the list, no other act in between
        leaving += [c for c in _near(cues("move_away_after"), last, last + 8) if not _PURPOSE.search(m.unit.norm, last, c.start)]
        # "由AWS迁移至华为云", "从Google Cloud迁出": a source word right before the list, a move word right after it
        if _near(cues("move_after"), last, last + 6):
            leaving += _near(cues("source_before"), first - 2, first)
        return leaving[0] if leaving else None

    def _existing(self, m: Mention, c_lo: int, first: int) -> Span | None:
        """The word that makes the mention what the buyer already has, if one does: 现有, 已部署, 目前部署于 … close
        before it, or a state word (部署在, 运行于 …) close before it in a sentence that says "now" before that
        ("目前，门户系统部署在Microsoft Azure上"), with no move or other act in between ("将现有系统迁移至AWS": AWS is
        where it goes); or 原 right before the name or its list ("原AWS资源释放"). A cloud account or subscription
        renewed or extended in the same sentence, with no move in it, is bought again ("续订现有AWS账号一年")."""
        unit, cues, text = m.unit, m.found.cues_of, m.unit.norm
        s_lo, s_hi = unit.sentence(m.start, m.end)
        lo = max(c_lo, m.start - EXISTING_BEFORE)
        words = [c for c in _near(cues("existing"), lo, m.start) if self._holds(m, c)]
        for state in [c for c in _near(cues("existing_state"), lo, m.start) if self._holds(m, c)]:
            now = self.lexicon.pattern("now").search(text, s_lo, state.start)
            if now and not _PLANNED.search(text, now.end(), state.start):
                words.append(state)
        former = self._former.search(text, max(s_lo, first - FORMER_BEFORE), first)
        if former:
            words.append(Span(former.start(), former.end(), former.group(0)))
        if not words:
            return None
        renewed = any(not _NEGATED_BEFORE.search(text, max(s_lo, r.start() - 3), r.start())
                      for r in self.lexicon.pattern("renewal").finditer(text, s_lo, s_hi))
        if m.kind == PROVIDER and renewed and not _near(cues("move_after"), s_lo, s_hi):
            return None  # renewed or extended: bought again (but 到期后不再续订 is no renewal)
        return words[0]

    def _holds(self, m: Mention, cue: Span) -> bool:
        """Does a state word before a mention still hold at the mention: no move and no other act in between?"""
        gap = m.unit.norm[cue.end:m.start]
        return not _OWN_ACT.search(gap) and not _near(m.found.cues_of("move_to"), cue.end, m.start)

    def _credential(self, m: Mention, c_lo: int, c_hi: int, first: int, last: int) -> tuple[str, Span] | None:
        """A qualification, a track record, a certificate or a course, judged by where the mention sits."""
        unit, cues, text = m.unit, m.found.cues_of, m.unit.norm
        for c in cues("experience"):
            if m.end <= c.start <= m.end + ADJACENT and not _NOT_ADJACENT.search(text, m.end, c.start):
                return "a certificate or track record named after it", c
        course = self._course(m, first, last)
        if course:
            return course
        if unit.line_item:
            return None  # a purchase line: only a course or a credential named with the thing makes it one
        heading = unit.section(m.start) or ""
        if self.lexicon.pattern("qualification_section").search(heading):
            return f"named in the qualification or scoring requirements ({heading})", None
        experience = _near(cues("experience"), c_lo, c_hi, (m.start, m.end))
        if experience and self.lexicon.pattern("bidder").search(text, c_lo, m.start):
            return "a bidder's track record or certificate", experience[0]
        return None

    def _course(self, m: Mention, first: int, last: int) -> tuple[str, Span] | None:
        """A course or exam whose subject the mention (or its enumeration) is, in any unit: the content after a
        course word ("考试券：Microsoft Azure…", "课程内容涵盖亚马逊云科技"), or the course named after the provider
        in the same phrase, an exam code in brackets included ("亚马逊云科技 Solutions Architect 认证考试代金券",
        "Microsoft Azure Administrator（AZ-104）认证培训及考试券"). A course the thing comes with
        ("AWS 云服务（含培训）") or a purpose ("AWS云服务器用于教学") leaves it bought."""
        text, cues = m.unit.norm, m.found.cues_of
        lo, hi = m.unit.clause(first, last)
        end = last + 1 if text[last:last + 1] in ")）" else last  # "亚马逊云科技（AWS）认证考试券"
        for c in _near(cues("course"), lo, hi):
            if _near(cues("inclusion"), max(lo, c.start - INCLUDED_BEFORE), c.start):
                continue  # "含管理员使用培训": something that comes with what is bought
            if c.end <= first and not _NOT_COURSE_CONTENT.search(text, c.end, first):
                return "the content of a course or exam", c
            if c.start >= end and not _NOT_COURSE_SUBJECT.search(_EXAM_CODE.sub("", text[end:c.start])) \
                    and not _near(cues("access"), end, c.start):
                return "the subject of a course or exam named after it", c
        return None


def domestic_named(mentions: list[Mention]) -> bool:
    """Does the notice name domestic accelerators or clouds?"""
    return any(m.kind in (DOMESTIC, DOMESTIC_CLOUD) for m in mentions)


def other_chips(mentions: list[Mention]) -> list[str]:
    """NVIDIA parts below the thresholds that the notice names."""
    return list(dict.fromkeys(m.term for m in mentions if m.kind == OTHER_CHIP))


def settle(mentions: list[Mention], moves: bool = False) -> list[str]:
    """Notice-wide judgments, after every mention is judged alone; returns the rules that fired. ``moves``: the
    notice speaks of moving systems (迁移, 迁至, 迁回 … anywhere in it).

    - A short name that a trap defines once ("自动气象站（AWS）") means the same everywhere in the notice.
    - A qualifier governs the same thing named again on its side of its clause, up to another act or a move
      ("原部署于亚马逊云科技的业务系统（含AWS EC2实例）迁移至华为云": the AWS of the bracket is moved off too).
    - A US cloud the notice moves off is the old cloud wherever the notice names it without buying it (see
      :func:`_spread_leaving`).
    - A chip named as a yardstick ("性能不低于A100") is the chip asked for unless the notice buys domestic
      accelerators; in a domestic purchase it is only a comparison.
    """
    rules = []
    trapped = {m.term: m.reason for m in mentions if m.weak_name and m.reason and " here means " in m.reason}
    for m in mentions:
        if m.weak_name and m.counts and m.term in trapped:
            m.reason = f"in this notice {trapped[m.term].split(' here ', 1)[0]} {trapped[m.term].split(' here ', 1)[1]}"
    _spread_governors(mentions)
    rules.extend(_spread_leaving(mentions, moves))
    if not domestic_named(mentions):
        revived = [m for m in mentions if m.kind == CHIP and m.reason == YARDSTICK]
        for m in revived:
            m.reason = None
        if revived:
            rules.append("chip named as a minimum or reference with no domestic accelerator: taken as the chip asked"
                         " for (" + ", ".join(dict.fromkeys(m.name for m in revived)) + ")")
    return rules


def _spread_governors(mentions: list[Mention]) -> None:
    """Give a qualifier's reason to the same thing named again in the governed mention's clause, on the
    qualifier's side, unless another act or a move starts between the qualifier and the new mention."""
    governed = [m for m in mentions if m.governor is not None and m.reason != YARDSTICK]
    for q in governed:
        g, text = q.governor, q.unit.norm
        lo, hi = q.unit.clause(q.start, q.end)
        moves = q.found.cues_of("move_to")
        for o in mentions:
            if o.unit is not q.unit or not o.counts or (o.kind, o.name) != (q.kind, q.name) or not lo <= o.start < hi:
                continue
            if g.end <= q.start:  # the qualifier stands before: it reaches forward
                gap = (g.end, o.start) if g.end <= o.start else None
            else:  # it stands after ("…到期停用"): it reaches back
                gap = (o.end, g.start) if o.end <= g.start else None
            if gap is None or _OWN_ACT.search(text, *gap) or _near(moves, *gap):
                continue
            o.reason, o.governor = f"{q.reason} ({g.term} governs {q.term} and this mention of it alike)", g


def _spread_leaving(mentions: list[Mention], moves: bool) -> list[str]:
    """A US cloud the notice moves its systems off — named somewhere as moved off (原部署于, 迁出, 停用 …), or as
    where the systems run now in a notice that moves them ("目前部署于亚马逊云科技（AWS）…" then "拟将上述系统迁移至
    天翼云") — and never as a move's target: its other mentions are the same old cloud unless an act of their own
    clause buys it ("由西云数据运营", "原AWS资源费用…不在本项目范围内", "供应商负责Azure上全部数据的导出与校验")."""
    rules = []
    for name in dict.fromkeys(m.name for m in mentions if m.kind == PROVIDER):
        named = [m for m in mentions if m.kind == PROVIDER and m.name == name]
        left = next((m for m in named if m.reason == MOVED_OFF or (moves and m.reason == EXISTING)), None)
        if left is None or any(_move_target(m) for m in named):
            continue
        spread = [o for o in named if o.counts and not _ACQUIRING.search(o.unit.norm, *o.unit.clause(o.start, o.end))]
        for o in spread:
            o.reason = f"the cloud this notice moves its systems off ({left.reason}: {left.describe()})"
        if spread:
            rules.append(f"{name} is the cloud this notice moves its systems off ({left.describe()}): its other "
                         f"mentions are the old cloud unless their clause buys it")
    return rules


def _move_target(m: Mention) -> bool:
    """Is the mention where a move goes ("迁移至亚马逊云科技（AWS）新加坡区域")?"""
    text = m.unit.norm
    c_lo = m.unit.clause(m.start, m.end)[0]
    return any(m.start - c.end <= MOVE_TARGET_GAP and not _OWN_ACT.search(text, c.end, m.start)
               for c in _near(m.found.cues_of("move_to"), c_lo, m.start) if c.end <= m.start)
