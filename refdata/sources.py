"""Readers of the public lists, in the layout of a reference-data folder, into the rows of our derived files.

The folder holds (newer copies may replace any of them; see data/SOURCES.md for their origin):

- ``moe_higher_education_institutions_<date>.csv`` — the MoE list of 普通高等学校 (newest date wins);
- ``nsfreg_<date>/`` with ``bis_entity_list.json``, ``bis_meu.json``, ``dow_1260h.json``, ``dow_1286.json``;
- ``ofac_ns_cmic_list.csv`` — the OFAC NS-CMIC entries with their 统一社会信用代码;
- ``aspi_china_defence_universities_misp.json`` — ASPI's China Defence Universities Tracker (MISP galaxy).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from refdata.names import normalise

FR_CITATION = re.compile(r"(\d+)\s*FR\s*([\d,]+)[,.\s]*(\d{1,2})/(\d{1,2})/(\d{2,4})")

LIST_FILES = {"entity_list": "bis_entity_list.json", "meu": "bis_meu.json", "1260h": "dow_1260h.json",
              "1286": "dow_1286.json"}
LIST_SOURCES = {
    "entity_list": "BIS Entity List (15 CFR 744 Supp. 4)",
    "meu": "BIS Military End-User List (15 CFR 744 Supp. 7)",
    "1260h": "DoW Section 1260H list of Chinese military companies",
    "1286": "DoW FY2024 Section 1286 list, Table 1",
    "ns_cmic": "OFAC Non-SDN Chinese Military-Industrial Complex Companies List (E.O. 13959/14032)",
    "aspi": "ASPI China Defence Universities Tracker",
}
ASPI_DATE = "2019-11-25"  # the tracker's launch; the MISP galaxy carries that snapshot


class SourceError(Exception):
    """A reference-data folder lacks a file or holds one in an unexpected shape."""


@dataclass
class SourceFiles:
    """The files of one reference-data folder."""

    moe: Path
    lists: dict[str, Path]
    ns_cmic: Path
    aspi: Path

    @classmethod
    def find(cls, folder: Path) -> SourceFiles:
        """Locate every expected file in a folder, or raise SourceError naming what is missing."""
        folder = Path(folder)
        if not folder.is_dir():
            raise SourceError(f"{folder} is not a folder")
        moe = sorted(folder.glob("moe_higher_education_institutions_*.csv"))
        lists_dirs = sorted(p for p in folder.glob("nsfreg_*") if p.is_dir())
        missing = []
        if not moe:
            missing.append("moe_higher_education_institutions_<date>.csv")
        if not lists_dirs:
            missing.append("nsfreg_<date>/")
        lists = {name: lists_dirs[-1] / file for name, file in LIST_FILES.items()} if lists_dirs else {}
        missing += [str(p.relative_to(folder)) for p in lists.values() if not p.exists()]
        ns_cmic, aspi = folder / "ofac_ns_cmic_list.csv", folder / "aspi_china_defence_universities_misp.json"
        missing += [p.name for p in (ns_cmic, aspi) if not p.exists()]
        if missing:
            raise SourceError(f"{folder} lacks {', '.join(missing)}")
        return cls(moe=moe[-1], lists=lists, ns_cmic=ns_cmic, aspi=aspi)


def fr_dates(citation: str | None) -> list[date]:
    """The dates of the Federal Register citations in a text such as '85 FR 34497, 6/5/20.'"""
    found = []
    for *_, month, day, year in FR_CITATION.findall(citation or ""):
        y = int(year)
        y = y if y > 99 else (1900 + y if y > 90 else 2000 + y)
        try:
            found.append(date(y, int(month), int(day)))
        except ValueError:
            continue
    return found


def _first_citation(citation: str | None) -> str:
    return re.split(r"\n|;", (citation or "").strip())[0].strip().rstrip(".,")


def read_moe(path: Path) -> list[dict]:
    """The MoE institutions: 学校标识码, name, province, city, competent authority, level, remark."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    needed = {"name_zh", "moe_id"}
    if not rows or not needed <= set(rows[0]):
        raise SourceError(f"{path.name} has no columns {sorted(needed)}")
    return [{"moe_id": r["moe_id"].strip(), "name_zh": normalise(r["name_zh"]), "province": r.get("province", ""),
             "city": r.get("city", ""), "competent_authority": r.get("competent_authority", ""),
             "level": r.get("level", ""), "remark": r.get("remark", "")}
            for r in rows if r.get("name_zh", "").strip()]


def read_us_list(name: str, path: Path) -> list[dict]:
    """One nsfreg list file as list-entry rows; the BIS lists keep only China, 1286 only its Table 1."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entities, as_of = data["entities"], data.get("extracted", "")
    except (ValueError, KeyError) as exc:
        raise SourceError(f"{path.name} is not an nsfreg list file: {exc}") from exc
    rows = []
    for e in entities:
        country = (e.get("country") or "").strip()
        if name in ("entity_list", "meu") and country != "China":
            continue
        if name == "1286" and "Table 1" not in (e.get("notes") or ""):
            continue
        dates = fr_dates(e.get("federal_register"))
        listed = e.get("effective_date") or (min(dates).isoformat() if dates else ("FY2024" if name == "1286" else ""))
        note = e.get("notes") or ""
        rows.append({
            "list": name, "entry": " ".join(e["name"].split()), "aliases": " | ".join(a.strip() for a in e.get("aliases") or []),
            "address": " ".join((e.get("address") or "").split()), "uscc": "", "listed": listed,
            "citation": _first_citation(e.get("federal_register")),
            "linked_to": "", "note": note.split(" | ")[0][:600] if name == "1260h" else "", "as_of": as_of,
        })
    return rows


def read_ns_cmic(path: Path) -> list[dict]:
    """The OFAC NS-CMIC entries as list-entry rows (with the 统一社会信用代码 where OFAC gives one)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "name" not in rows[0]:
        raise SourceError(f"{path.name} has no 'name' column")
    out = []
    for r in rows:
        aliases = [re.sub(r"^(aka|fka)\s+", "", a.strip()) for a in (r.get("aliases") or "").split("|") if a.strip()]
        listed = r.get("listing_date_cmic") or ""
        try:
            listed = datetime.strptime(listed, "%d %b %Y").date().isoformat()
        except ValueError:
            pass
        out.append({"list": "ns_cmic", "entry": r["name"].strip(), "aliases": " | ".join(aliases),
                    "address": r.get("addresses", ""), "uscc": (r.get("uscc") or "").strip(), "listed": listed,
                    "citation": "OFAC NS-CMIC, program " + (r.get("program") or "CMIC-EO13959"),
                    "linked_to": r.get("linked_to", ""), "note": "", "as_of": ""})
    return out


def _split_bilingual(text: str) -> tuple[str, str | None]:
    """'Academy of Military Medical Sciences (军事医学研究院)' → ('Academy of Military Medical Sciences', '军事医学研究院')."""
    match = re.match(r"^(.*?)\s*[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]?\s*$", text.strip())
    if not match:
        return text.strip(), None
    return match.group(1).strip(), normalise(match.group(2))


def read_aspi(path: Path) -> list[dict]:
    """ASPI's tracker entries: English and Chinese names, aliases, category, supervisors, sub-units, labs."""
    try:
        values = json.loads(path.read_text(encoding="utf-8"))["values"]
    except (ValueError, KeyError) as exc:
        raise SourceError(f"{path.name} is not a MISP galaxy cluster: {exc}") from exc
    rows = []
    for v in values:
        meta = v.get("meta", {})
        english, chinese = _split_bilingual(v["value"])
        rows.append({
            "name_en": english, "name_zh": chinese or "", "aliases": " | ".join(meta.get("aliases", [])),
            "category": " | ".join(meta.get("categories", [])),
            "supervising_agencies": " | ".join(meta.get("supervising agencies", [])),
            "subsidiaries": " | ".join(meta.get("subsidiaries", [])),
            "labs": " | ".join(meta.get("major defence laboratories", [])),
            "url": (meta.get("refs") or [""])[0],
        })
    return rows


def read_all(folder: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """(MoE rows, list-entry rows of every US list, ASPI rows) from a reference-data folder."""
    files = SourceFiles.find(folder)
    entries = [row for name, path in files.lists.items() for row in read_us_list(name, path)]
    entries += read_ns_cmic(files.ns_cmic)
    return read_moe(files.moe), entries, read_aspi(files.aspi)
