"""Building the buyer registry from the derived list files and the curated files of data/refdata.

Derived (rewritten by ``refdata update --from DIR``): ``moe_institutions.csv``, ``list_entries.csv``,
``aspi_tracker.csv``. Curated by hand (never rewritten): ``entities.csv`` (organisations beyond the MoE list,
English names, aliases, parents, 统一社会信用代码) and ``list_matches.csv`` (which Chinese name a US list entry
stands for, with the evidence). Built: ``registry.jsonl``, ``registry_meta.json`` and ``review_queue.csv``
(list entries that look like Chinese institutions but have no reviewed match yet, with a proposal where the
English names agree).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from classify.buyer_type import buyer_type
from refdata.names import english_key, key, normalise
from refdata.registry import META_FILE, REGISTRY_FILE, Entity
from refdata.sources import ASPI_DATE, LIST_SOURCES, _split_bilingual, read_all

DERIVED = {"moe_institutions.csv": ["moe_id", "name_zh", "province", "city", "competent_authority", "level", "remark"],
           "list_entries.csv": ["list", "entry", "aliases", "address", "uscc", "listed", "citation", "linked_to",
                                "note", "as_of"],
           "aspi_tracker.csv": ["name_en", "name_zh", "aliases", "category", "supervising_agencies", "subsidiaries",
                                "labs", "url"]}
ENTITY_COLUMNS = ["name_zh", "name_en", "type", "parent", "uscc", "aliases", "note"]
MATCH_COLUMNS = ["list", "entry", "name_zh", "relation", "evidence", "reviewed"]
QUEUE_COLUMNS = ["list", "entry", "aliases", "proposed_name_zh", "evidence"]
RELATIONS = ("direct", "via_parent", "none")  # none: reviewed, and the entry is not the Chinese name proposed
TYPES = ("university", "research_institute", "lab", "hospital", "company", "government", "other")
# US list entries that name a Chinese university, institute or lab: the ones the review queue asks about.
INSTITUTION_WORDS = re.compile(r"Universit|Institut|Academ|Laborator|\bLab\b|College|School|Hospital|Research|Cent(er|re)",
                               re.I)


class BuildError(Exception):
    """A curated file contradicts itself or the registry (for example a match to an unknown Chinese name)."""


@dataclass
class BuildReport:
    """What a build did, for the command to print and the tests to check."""

    entities: int = 0
    moe: int = 0
    moe_resolved: int = 0
    flags: Counter = field(default_factory=Counter)
    matches_applied: int = 0
    uscc_matches: int = 0
    stale_matches: list[str] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)  # curated rows naming an organisation no file holds
    proposals: int = 0
    unmatched_institutions: int = 0
    version: str = ""


def _read_csv(path: Path, columns: list[str]) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, skipinitialspace=False) if any((v or "").strip() for v in r.values())]
    missing = set(columns) - set(rows[0]) if rows else set()
    if missing:
        raise BuildError(f"{path.name} lacks the columns {sorted(missing)}")
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in rows if not (r[columns[0]] or "").startswith("#")]


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split("|") if part.strip()]


def derive(source_dir: Path, data_dir: Path) -> dict[str, int]:
    """Rewrite the derived files of data_dir from a reference-data folder; returns row counts per file."""
    moe, entries, aspi = read_all(source_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, rows in (("moe_institutions.csv", moe), ("list_entries.csv", entries), ("aspi_tracker.csv", aspi)):
        _write_csv(data_dir / name, DERIVED[name], rows)
        counts[name] = len(rows)
    return counts


class _Builder:
    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.index: dict[str, str] = {}  # name key → entity id (own names and aliases, first come)

    def add(self, entity: Entity) -> Entity:
        self.entities[entity.id] = entity
        self.remember(entity, entity.name)
        for alias in entity.aliases:
            self.remember(entity, alias)
        return entity

    def remember(self, entity: Entity, name: str) -> None:
        k = key(name)
        if k:
            self.index.setdefault(k, entity.id)

    def lookup(self, name: str) -> Entity | None:
        found = self.index.get(key(name))
        return self.entities.get(found) if found else None

    def add_alias(self, entity: Entity, alias: str, english: bool = False) -> None:
        alias = alias.strip() if english else normalise(alias)
        if not alias or alias == entity.name or alias == entity.english_name:
            return
        target = entity.english_aliases if english else entity.aliases
        if alias not in target:
            target.append(alias)
            if not english:
                self.remember(entity, alias)


def _is_chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _typed(name: str, default: str | None = None) -> str:
    kind, _ = buyer_type(name)
    return default if default and kind in ("government", "other") else kind


def _add_moe(builder: _Builder, rows: list[dict]) -> None:
    for r in rows:
        builder.add(Entity(id=f"moe:{r['moe_id']}", name=r["name_zh"], type="university",
                           identifiers={"moe_id": r["moe_id"]}, origin=["moe"]))


def _aspi_flag(row: dict) -> dict:
    return {"list": "aspi", "source": f"{LIST_SOURCES['aspi']} ({row['url'] or 'unitracker.aspi.org.au'})",
            "date": ASPI_DATE, "category": row["category"] or None, "entry": row["name_en"]}


def _add_aspi(builder: _Builder, rows: list[dict]) -> None:
    for r in rows:
        aliases = _split(r["aliases"])
        chinese = [a for a in aliases if _is_chinese(a)]
        entity = None
        for name in [r["name_zh"], *chinese]:
            entity = entity or builder.lookup(name)
        if entity is None:
            kind = "company" if "conglomerate" in r["category"] else _typed(r["name_zh"], "research_institute")
            entity = builder.add(Entity(id=f"aspi:{english_key(r['name_en']).replace(' ', '-')}", name=r["name_zh"],
                                        type=kind, origin=[]))
        entity.origin.append("aspi")
        if entity.english_name:
            builder.add_alias(entity, r["name_en"], english=True)
        entity.english_name = entity.english_name or r["name_en"]
        for alias in aliases:
            builder.add_alias(entity, alias, english=not _is_chinese(alias))
        entity.flags.append(_aspi_flag(r))
        for unit in _split(r["subsidiaries"]) + _split(r["labs"]):
            english, chinese_name = _split_bilingual(unit)
            names = [n for n in (chinese_name or "").split("/") if len(n) >= 4]
            if names and not any(builder.lookup(n) for n in names):
                builder.add(Entity(id=f"aspi-unit:{names[0]}", name=names[0], english_name=english,
                                   type=_typed(names[0], "research_institute"), parent=entity.id,
                                   aliases=names[1:], origin=["aspi"]))


def _add_curated(builder: _Builder, rows: list[dict]) -> list[tuple[Entity, str]]:
    """Curated organisations: new ones are added, known ones enriched; returns (entity, parent name) pairs."""
    parents = []
    claimed: set[str] = set()
    for r in rows:
        name = normalise(r["name_zh"])
        if r["type"] and r["type"] not in TYPES:
            raise BuildError(f"entities.csv: {name} has type {r['type']!r}, not one of {', '.join(TYPES)}")
        entity = builder.lookup(name)
        if entity is not None and entity.id in claimed:
            raise BuildError(f"entities.csv: {name} is written twice (or is an alias of {entity.name})")
        if entity is None:
            entity = builder.add(Entity(id=f"cur:{name}", name=name, type=r["type"] or _typed(name), origin=[]))
        entity.origin.append("curated")
        claimed.add(entity.id)
        if r["type"]:
            entity.type = r["type"]
        if r["name_en"]:
            if entity.english_name and entity.english_name != r["name_en"]:
                builder.add_alias(entity, entity.english_name, english=True)
            entity.english_name = r["name_en"]
        if r["uscc"]:
            entity.identifiers["uscc"] = r["uscc"].upper()
        for alias in _split(r["aliases"]):
            builder.add_alias(entity, alias, english=not _is_chinese(alias))
        if r["parent"]:
            parents.append((entity, r["parent"]))
    return parents


def _link_parents(builder: _Builder, parents: list[tuple[Entity, str]], report: BuildReport) -> None:
    for entity, parent_name in parents:
        parent = builder.lookup(parent_name)
        if parent is None:  # e.g. an MoE institution merged away: the entity stays, without its parent
            report.unknown_names.append(f"entities.csv: parent {parent_name} of {entity.name}")
            continue
        entity.parent = parent.id


def _list_flag(entry: dict, relation: str, evidence: str) -> dict:
    citation = f", {entry['citation']}" if entry["citation"] and entry["list"] in ("entity_list", "meu", "1260h") else ""
    return {"list": entry["list"], "source": f"{LIST_SOURCES[entry['list']]}{citation}", "date": entry["listed"] or None,
            "via_parent": relation == "via_parent", "entry": entry["entry"], "evidence": evidence or None}


def _apply_matches(builder: _Builder, entries: list[dict], matches: list[dict], report: BuildReport) -> set[tuple]:
    by_entry = {(e["list"], e["entry"].casefold()): e for e in entries}
    by_alias = {(e["list"], alias.casefold()): e for e in entries for alias in _split(e["aliases"])}
    matched = set()
    for m in matches:
        if m["relation"] not in RELATIONS:
            raise BuildError(f"list_matches.csv: relation {m['relation']!r} of {m['entry']!r} is not one of {RELATIONS}")
        entity = builder.lookup(m["name_zh"])
        if entity is None:
            report.unknown_names.append(f"list_matches.csv: {m['name_zh']} (for {m['list']}: {m['entry']})")
            continue
        entry = by_entry.get((m["list"], m["entry"].casefold()))
        if entry is None and (m["list"], m["entry"].casefold()) in by_alias:  # named only as an alias of an entry
            entry = {**by_alias[(m["list"], m["entry"].casefold())]}
            entry["entry"] = f"{entry['entry']} (alias: {m['entry']})"
        if entry is None:
            report.stale_matches.append(f"{m['list']}: {m['entry']}")
            continue
        if m["relation"] != "none" and not any(f["list"] == entry["list"] and f["entry"] == entry["entry"]
                                               for f in entity.flags):
            entity.flags.append(_list_flag(entry, m["relation"], m["evidence"]))
        matched.add((entry["list"], entry["entry"]))
        report.matches_applied += 1
    by_uscc = {e.identifiers["uscc"]: e for e in builder.entities.values() if e.identifiers.get("uscc")}
    for entry in entries:
        entity = by_uscc.get(entry["uscc"]) if entry["uscc"] else None
        if entity and (entry["list"], entry["entry"]) not in matched:
            entity.flags.append(_list_flag(entry, "direct", f"统一社会信用代码 {entry['uscc']} given by OFAC"))
            matched.add((entry["list"], entry["entry"]))
            report.uscc_matches += 1
    return matched


def _review_queue(builder: _Builder, entries: list[dict], matched: set[tuple], report: BuildReport) -> list[dict]:
    english: dict[str, Entity] = {}
    for entity in builder.entities.values():
        for name in [entity.english_name or "", *entity.english_aliases]:
            if " " in english_key(name):  # a whole name, not an acronym such as CSU (three universities use it)
                english.setdefault(english_key(name), entity)
    queue = []
    for entry in entries:
        if (entry["list"], entry["entry"]) in matched:
            continue
        candidates = [entry["entry"], *_split(entry["aliases"])]
        proposal = next(((c, english[english_key(c)]) for c in candidates if english_key(c) in english), None)
        if proposal:
            report.proposals += 1
            said, entity = proposal
            queue.append({**entry, "proposed_name_zh": entity.name,
                          "evidence": f"'{said}' is the English name of {entity.name} in {'/'.join(entity.origin)}"})
        elif INSTITUTION_WORDS.search(entry["entry"]):
            report.unmatched_institutions += 1
            queue.append({**entry, "proposed_name_zh": "", "evidence": ""})
    return queue


def build(data_dir: Path) -> BuildReport:
    """Build registry.jsonl, registry_meta.json and review_queue.csv in data_dir from its derived and curated
    files."""
    moe = _read_csv(data_dir / "moe_institutions.csv", DERIVED["moe_institutions.csv"])
    entries = _read_csv(data_dir / "list_entries.csv", DERIVED["list_entries.csv"])
    aspi = _read_csv(data_dir / "aspi_tracker.csv", DERIVED["aspi_tracker.csv"])
    if not moe or not entries:
        raise BuildError(f"{data_dir} has no derived list files; run 'tenderwatch refdata update --from DIR' first")
    report = BuildReport(moe=len(moe))
    builder = _Builder()
    _add_moe(builder, moe)
    parents = _add_curated(builder, _read_csv(data_dir / "entities.csv", ENTITY_COLUMNS))
    _add_aspi(builder, aspi)
    _link_parents(builder, parents, report)
    matched = _apply_matches(builder, entries, _read_csv(data_dir / "list_matches.csv", MATCH_COLUMNS), report)
    queue = _review_queue(builder, entries, matched, report)
    _write_csv(data_dir / "review_queue.csv", QUEUE_COLUMNS, queue)

    lines = [json.dumps(asdict(e), ensure_ascii=False, sort_keys=True) for e in sorted(builder.entities.values(),
                                                                                        key=lambda e: e.id)]
    text = "\n".join(lines) + "\n"
    (data_dir / REGISTRY_FILE).write_text(text, encoding="utf-8")
    report.version = hashlib.sha256(text.encode()).hexdigest()[:16]
    report.entities = len(lines)
    report.moe_resolved = sum(1 for r in moe if builder.lookup(r["name_zh"]) is not None)
    for entity in builder.entities.values():
        report.flags.update({f["list"] for f in entity.flags if not f.get("via_parent")})
    as_of = sorted({e["as_of"] for e in entries if e["as_of"]})
    meta = {"version": report.version, "built_at": datetime.now().isoformat(timespec="seconds"),
            "entities": report.entities, "moe_institutions": len(moe), "list_entries": len(entries),
            "lists_as_of": as_of[-1] if as_of else None, "direct_flags": dict(sorted(report.flags.items())),
            "matches_applied": report.matches_applied, "uscc_matches": report.uscc_matches,
            "stale_matches": report.stale_matches, "unknown_names": report.unknown_names}
    (data_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report
