"""The lexicon (data/lexicon.yaml): the classifier's terms, the chip table and the crawlers' discovery terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from classify.text import normalise

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"

# Entity kinds: the things a notice names.
CHIP = "CHIP"
OTHER_CHIP = "OTHER_CHIP"  # an NVIDIA part below the thresholds
DOMESTIC = "DOMESTIC"  # a domestic accelerator
DOMESTIC_CLOUD = "DOMESTIC_CLOUD"
PROVIDER = "PROVIDER"  # names a US cloud or model by itself
PROVIDER_WEAK = "PROVIDER_WEAK"  # names one only with context (AWS, GCP, Claude ...)
TRAP = "TRAP"  # a phrase that makes a nearby provider name something else

# Cue kinds whose words are common (采购, 供应商, 投标人 …) but read only in a few places: a compiled pattern finds
# them when needed instead of the matcher marking every occurrence.
SEARCHED = frozenset({"bidder", "qualification_section", "notice:acquisition", "framing:statement_labels",
                      "framing:purchase_verbs", "framing:count_units", "condition", "now", "former", "renewal"})


DECISIVE = 3  # the weight of a decisive (strong) mode word; weak and shared words weigh 1


def norm_term(term: str) -> str:
    """A term as it reads in normalised text."""
    return normalise(str(term))[0].strip()


@dataclass
class Chip:
    """One row of the chip table."""

    name: str
    vendor: str
    aliases: list[str]
    restricted: bool
    rule: str
    restricted_since: date | None = None
    tracked: bool = False

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Provider:
    """A US cloud or model provider: its names, the context its short names need, its traps."""

    name: str
    aliases: list[str]
    needs_context: list[str]
    context: list[str]
    traps: list[str]
    discovery: list[str]


@dataclass(frozen=True)
class Meaning:
    """What a matched term stands for: its kind and canonical name (a term may have several meanings)."""

    kind: str
    name: str
    strong: bool = False


@dataclass
class Lexicon:
    """Every term list of the lexicon, normalised, with the chip table."""

    version: int
    chips: list[Chip]
    providers: list[Provider]
    unrestricted: list[str]
    domestic: list[str]
    domestic_clouds: list[str]
    context: dict[str, list[str]]
    modes: dict[str, list[str]]
    weights: dict[str, dict[str, int]]
    notice: dict[str, list[str]]
    discovery_extra: list[str]
    framing: dict[str, list[str]] = field(default_factory=dict)  # access, purchase, service_period_owners
    framing_categories: dict[str, str] = field(default_factory=dict)  # 品目 prefix -> access or purchase
    entities: dict[str, list[Meaning]] = field(default_factory=dict)  # normalised term -> meanings
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def discovery_keywords(self) -> list[str]:
        """Terms the crawlers send to portal searches: restricted and tracked chips, provider discovery terms and
        extras."""
        terms = [c.name for c in self.chips if c.restricted or c.tracked]
        for provider in self.providers:
            terms.extend(provider.discovery)
        terms.extend(self.discovery_extra)
        return list(dict.fromkeys(terms))

    def chip(self, name: str) -> Chip:
        return next(c for c in self.chips if c.name == name)

    def provider(self, name: str) -> Provider:
        return next(p for p in self.providers if p.name == name)

    def trigger_terms(self) -> list[str]:
        """Normalised terms whose presence makes a notice a candidate: chips that count and provider names."""
        return sorted(t for t, meanings in self.entities.items()
                      if any(m.kind in (CHIP, PROVIDER, PROVIDER_WEAK) for m in meanings))

    def words(self) -> dict[str, list[str]]:
        """Every context, mode, notice and framing word by kind (gpu, comparison_before, access …), normalised."""
        words = {kind: terms for kind, terms in self.context.items()}
        words.update({f"provider_context:{p.name}": [norm_term(t) for t in p.context] for p in self.providers})
        words.update(self.modes)
        words.update({f"notice:{kind}": terms for kind, terms in self.notice.items()})
        words.update({f"framing:{kind}": terms for kind, terms in self.framing.items()})
        return words

    def cue_terms(self) -> dict[str, list[str]]:
        """The words the matcher marks, by kind: all but the ``SEARCHED`` kinds, which :meth:`pattern` finds."""
        return {kind: terms for kind, terms in self.words().items() if kind not in SEARCHED}

    def pattern(self, kind: str) -> re.Pattern[str]:
        """One compiled pattern of a kind's words (``SEARCHED`` kinds: common words read only in a few places)."""
        if kind not in self._patterns:
            terms = sorted(self.words()[kind], key=len, reverse=True)
            self._patterns[kind] = re.compile("|".join(map(re.escape, terms)))
        return self._patterns[kind]


def _norm_all(terms: list) -> list[str]:
    return list(dict.fromkeys(t for t in (norm_term(x) for x in terms) if t))


def load_lexicon(path: Path | str = LEXICON_PATH) -> Lexicon:
    """Read a lexicon file; every term is normalised the way notice text is."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    chips = [Chip(name=str(c["name"]), vendor=c["vendor"], aliases=[str(a) for a in c.get("aliases", [])],
                  restricted=bool(c["restricted"]), rule=c["rule"],
                  restricted_since=c.get("restricted_since"), tracked=bool(c.get("tracked", False)))
             for c in raw["chips"]]
    providers = [Provider(name=p["name"], aliases=[str(a) for a in p.get("aliases", [])],
                          needs_context=[str(a) for a in p.get("needs_context", [])],
                          context=[str(a) for a in p.get("context", [])], traps=[str(a) for a in p.get("traps", [])],
                          discovery=[str(a) for a in p.get("discovery", [])]) for p in raw["providers"]]
    tiers = {name: {tier: raw["modes"][name].get(tier, []) for tier in ("strong", "weak", "shared")}
             for name in ("access", "purchase")}
    modes = {name: _norm_all(t["strong"] + t["weak"] + t["shared"]) for name, t in tiers.items()}
    weights = {name: {**{norm_term(w): 1 for w in t["weak"] + t["shared"]}, **{norm_term(w): DECISIVE for w in t["strong"]}}
               for name, t in tiers.items()}
    lexicon = Lexicon(
        version=raw["version"], chips=chips, providers=providers,
        unrestricted=_norm_all(raw["unrestricted_chips"]), domestic=_norm_all(raw["domestic_accelerators"]),
        domestic_clouds=_norm_all(raw["domestic_clouds"]),
        context={kind: _norm_all(words) for kind, words in raw["context"].items()},
        modes=modes, weights=weights,
        notice={kind: _norm_all(words) for kind, words in raw["notice"].items()},
        discovery_extra=[str(t) for t in raw.get("discovery_extra", [])],
        framing={kind: _norm_all(words) for kind, words in raw["framing"].items() if kind != "categories"},
        framing_categories={str(k): str(v) for k, v in raw["framing"]["categories"].items()},
    )
    lexicon.modes["neutral"] = _norm_all(raw["modes"]["neutral"])
    lexicon.modes["access_units"] = _norm_all(raw["modes"]["access_units"])
    lexicon.modes["purchase_units"] = _norm_all(raw["modes"]["purchase_units"])
    lexicon.entities = _entity_table(lexicon)
    return lexicon


def _entity_table(lex: Lexicon) -> dict[str, list[Meaning]]:
    table: dict[str, list[Meaning]] = {}

    def add(term: str, meaning: Meaning) -> None:
        key = norm_term(term)
        if key and meaning not in table.setdefault(key, []):
            table[key].append(meaning)

    for chip in lex.chips:
        kind = CHIP if chip.restricted or chip.tracked else OTHER_CHIP
        bare = norm_term(chip.name)
        for name in chip.names():  # an alias ("A100 80GB", "GB200") is a GPU by itself, the bare name is not
            add(name, Meaning(kind, chip.name, norm_term(name) != bare))
    for term in lex.unrestricted:
        add(term, Meaning(OTHER_CHIP, term))
    for term in lex.domestic:
        add(term, Meaning(DOMESTIC, term))
    for term in lex.domestic_clouds:
        add(term, Meaning(DOMESTIC_CLOUD, term))
    for provider in lex.providers:
        for term in provider.aliases:
            add(term, Meaning(PROVIDER, provider.name, True))
        for term in provider.needs_context:
            add(term, Meaning(PROVIDER_WEAK, provider.name))
        for term in provider.traps:
            add(term, Meaning(TRAP, provider.name))
    return table


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    return load_lexicon()
