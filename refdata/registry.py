"""The buyer registry (data/refdata/registry.jsonl) and resolving a name against it.

A name resolves, in this order, by the 统一社会信用代码 it carries, by an exact name or alias (after
normalisation), or as a sub-unit whose name starts with a registry entity's name (四川大学华西医院 → 四川大学).
Flags of a parent reach its sub-units as ``via_parent``; a name the registry does not know still gets its
normalised form and a type from the name rules.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from classify.buyer_type import buyer_type
from refdata.names import english_key, is_chinese, key, name_keys, normalise, split_uscc

REFDATA_DIR = Path(__file__).resolve().parent.parent / "data" / "refdata"
REGISTRY_FILE = "registry.jsonl"
META_FILE = "registry_meta.json"

LISTS = ("entity_list", "meu", "1260h", "1286", "ns_cmic", "aspi")
US_LISTS = ("entity_list", "meu", "1260h", "1286", "ns_cmic")
# A sub-unit is only found under a name at least this long: short aliases (北大, 航空工业) start unrelated names.
MIN_PARENT_KEY = 4


def default_dir() -> Path:
    """The registry folder: $TENDERWATCH_REFDATA when set, else the shipped data/refdata."""
    return Path(os.environ.get("TENDERWATCH_REFDATA") or REFDATA_DIR)


@dataclass
class Flag:
    """One listing: which list, its source and date, and whether it reaches this name only through a parent."""

    list: str
    source: str
    date: str | None
    via_parent: bool = False
    entry: str | None = None  # the name as the list writes it
    category: str | None = None  # ASPI's category
    via: str | None = None  # the listed parent's name when via_parent
    evidence: str | None = None  # why we matched the Chinese name to the entry

    def to_dict(self) -> dict:
        out = {"list": self.list, "source": self.source, "date": self.date, "via_parent": self.via_parent}
        for extra in ("entry", "category", "via", "evidence"):
            if getattr(self, extra) is not None:
                out[extra] = getattr(self, extra)
        return out


@dataclass
class Entity:
    """One organisation of the registry, as stored in registry.jsonl."""

    id: str
    name: str
    type: str
    english_name: str | None = None
    parent: str | None = None  # the parent entity's id
    identifiers: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    english_aliases: list[str] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)  # moe, aspi, curated …

    @classmethod
    def from_dict(cls, data: dict) -> Entity:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass
class Resolution:
    """What the registry says about one name: the ``buyers resolve --json`` object."""

    query: str
    name: str
    english_name: str | None
    type: str
    parent: Resolution | None
    identifiers: dict[str, str]
    flags: list[Flag]
    entity_id: str | None = None
    match: str = "unknown"  # identifier | name | alias | sub-unit | unknown
    type_rule: str = "registry"

    @property
    def us_listed(self) -> bool:
        """On any US list, directly or through a parent (ASPI's tracker is not a US list)."""
        return any(f.list in US_LISTS for f in self.flags)

    def flag_names(self) -> list[str]:
        """Short labels such as 'entity_list' or '1286 (via parent)', in list order."""
        return [f.list + (" (via parent)" if f.via_parent else "") for f in self.flags]

    def to_dict(self) -> dict:
        return {
            "query": self.query, "name": self.name, "english_name": self.english_name, "type": self.type,
            "parent": self.parent.to_dict() if self.parent else None, "identifiers": dict(self.identifiers),
            "flags": [f.to_dict() for f in self.flags], "entity_id": self.entity_id, "match": self.match,
            "us_listed": self.us_listed,
        }


class Registry:
    """The entities of registry.jsonl with their lookup indexes."""

    def __init__(self, entities: list[Entity], meta: dict | None = None):
        self.meta = meta or {}
        self.entities = {e.id: e for e in entities}
        self.by_key: dict[str, str] = {}
        self.by_uscc: dict[str, str] = {}
        self.by_english: dict[str, str] = {}
        self.prefixes: dict[str, str] = {}
        own: dict[str, str] = {}
        for e in entities:
            k = key(e.name)
            if k:
                own.setdefault(k, e.id)
        alias_of: dict[str, str] = {}
        self.ambiguous: set[str] = set()  # aliases that two entities claim: looked up by neither
        for e in entities:
            for alias in e.aliases:
                k = key(alias)
                if not k or k in own or k in self.ambiguous:
                    continue
                if alias_of.setdefault(k, e.id) != e.id:
                    self.ambiguous.add(k)
                    del alias_of[k]
        self.by_key = {**alias_of, **own}
        # Sub-units are found under own names and under long Chinese aliases only.
        for e in entities:
            for n in [e.name, *e.aliases]:
                k = key(n)
                if self.by_key.get(k) == e.id and is_chinese(n) and len(k) >= (MIN_PARENT_KEY if n == e.name else 5):
                    self.prefixes.setdefault(k, e.id)
        english_ambiguous = set()
        for e in entities:
            if e.identifiers.get("uscc"):
                self.by_uscc[e.identifiers["uscc"]] = e.id
            for n in [e.english_name or "", *e.english_aliases]:
                k = english_key(n)
                if k and self.by_english.setdefault(k, e.id) != e.id:
                    english_ambiguous.add(k)
        for k in english_ambiguous:
            del self.by_english[k]

    @classmethod
    def load(cls, folder: Path | str | None = None) -> Registry:
        """Read registry.jsonl (and its meta file) from a registry folder."""
        folder = Path(folder) if folder else default_dir()
        path = folder / REGISTRY_FILE
        if not path.exists():
            raise FileNotFoundError(f"no buyer registry at {path}; run 'tenderwatch refdata update --from DIR'")
        with path.open(encoding="utf-8") as lines:
            entities = [Entity.from_dict(json.loads(line)) for line in lines if line.strip()]
        meta_path = folder / META_FILE
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        return cls(entities, meta)

    @property
    def version(self) -> str:
        """The registry's content hash, stored with every resolution so that a new registry re-resolves."""
        return self.meta.get("version", "unversioned")

    # --- resolving -----------------------------------------------------------------------------------

    def find(self, name: str) -> tuple[Entity | None, str]:
        """The entity a whole name stands for, and how it was found (identifier, name, alias), or (None, '')."""
        rest, uscc = split_uscc(name)
        if uscc and uscc in self.by_uscc:
            return self.entities[self.by_uscc[uscc]], "identifier"
        for k in name_keys(rest):
            if k in self.by_key:
                entity = self.entities[self.by_key[k]]
                return entity, "name" if key(entity.name) == k else "alias"
        if not is_chinese(rest):
            found = self.by_english.get(english_key(rest))
            if found:
                return self.entities[found], "alias"
        return None, ""

    def _parent_prefix(self, name_key: str) -> Entity | None:
        """The registry entity whose name is the longest proper prefix of a name (its parent organisation)."""
        for end in range(len(name_key) - 2, MIN_PARENT_KEY - 1, -1):
            found = self.prefixes.get(name_key[:end])
            if found:
                return self.entities[found]
        return None

    def resolve(self, query: str) -> Resolution:
        """Everything the registry says about a buyer or supplier name (see the module docstring)."""
        query = query or ""
        entity, how = self.find(query)
        if entity:
            resolution = self._from_entity(entity, how)
            resolution.query = query
            return resolution
        shown = normalise(split_uscc(query)[0])
        for k in name_keys(shown):
            parent = self._parent_prefix(k)
            if parent:
                return self._sub_unit(query, shown, k[len(key(parent.name)):], parent)
        kind, rule = buyer_type(shown)
        return Resolution(query=query, name=shown, english_name=None, type=kind, parent=None, identifiers={},
                          flags=[], match="unknown", type_rule=rule)

    def _from_entity(self, entity: Entity, how: str) -> Resolution:
        parent = self._from_entity(self.entities[entity.parent], "name") if entity.parent in self.entities else None
        own = [Flag(**f) for f in entity.flags]
        return Resolution(query=entity.name, name=entity.name, english_name=entity.english_name, type=entity.type,
                          parent=parent, identifiers=dict(entity.identifiers), flags=_merge(own, parent),
                          entity_id=entity.id, match=how)

    def _sub_unit(self, query: str, shown: str, remainder: str, parent_entity: Entity) -> Resolution:
        parent = self._from_entity(parent_entity, "name")
        kind, rule = buyer_type(remainder)
        if kind in ("government", "other"):  # an office or centre of a university is part of the university
            kind, rule = parent.type, f"sub-unit of a {parent.type}"
        return Resolution(query=query, name=shown, english_name=None, type=kind, parent=parent, identifiers={},
                          flags=_merge([], parent), match="sub-unit", type_rule=rule)


def _merge(own: list[Flag], parent: Resolution | None) -> list[Flag]:
    """A name's own flags, then its parent's (as via_parent) for lists the name is not on itself."""
    flags = list(own)
    if parent:
        mine = {f.list for f in own}
        for f in parent.flags:
            if f.list not in mine:
                flags.append(Flag(list=f.list, source=f.source, date=f.date, via_parent=True, entry=f.entry,
                                  category=f.category, via=f.via or parent.name, evidence=f.evidence))
    return sorted(flags, key=lambda f: (LISTS.index(f.list) if f.list in LISTS else len(LISTS), f.via_parent))


@lru_cache(maxsize=4)
def _cached(folder: str) -> Registry:
    return Registry.load(folder)


def load_registry(folder: Path | str | None = None) -> Registry:
    """The registry of a folder (default: $TENDERWATCH_REFDATA or data/refdata), loaded once per process."""
    return _cached(str(Path(folder) if folder else default_dir()))
