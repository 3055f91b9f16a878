"""Notices as OCDS 1.1 releases (Open Contracting Data Standard), in a release package.

Mapping (one release per notice; notices of one project share an ``ocid``):

- ``ocid``: ``<prefix>-<portal>-<project code>`` (or the notice id without a code); ``id``: the notice id.
- ``tag``: from the notice type (tender, inquiry, … → tender; correction → tenderAmendment; award, deal →
  award; contract → contract; termination → tenderCancellation; intention → planning).
- ``buyer`` and ``parties``: the buyer (role buyer), the procurement agency (procuringEntity) and the
  suppliers (supplier), each with an id derived from its name.
- ``tender``: project code, title, status, budget (CNY), procurement method (with the Chinese name in
  ``procurementMethodDetails``), main category, deadline as ``tenderPeriod.endDate``, line items as ``items``,
  the notice page and its attachment links as ``documents``.
- ``awards``: for award, deal and contract notices, one award per supplier (amount and lot), else one award
  with the notice's award amount.
- ``tenderwatch``: an additional field with the verdict (label, score, chips, providers, evidence) and the
  review, so that the classification travels with the data.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta, timezone

import duckdb

from store.db import records

OCDS_VERSION = "1.1"
DEFAULT_PREFIX = "ocds-tndrwt"  # not registered: a publisher registers its own prefix with the OCDS helpdesk
CHINA = timezone(timedelta(hours=8))

TAGS = {"correction": "tenderAmendment", "award": "award", "deal": "award", "contract": "contract",
        "termination": "tenderCancellation", "intention": "planning"}
METHODS = {  # our notice type -> (OCDS method, the Chinese procedure)
    "tender": ("open", "公开招标"), "inquiry": ("selective", "询价"), "negotiation": ("selective", "竞争性谈判"),
    "consultation": ("selective", "竞争性磋商"), "single_source": ("direct", "单一来源"),
}
TENDER_STATUS = {"termination": "cancelled", "award": "complete", "deal": "complete", "contract": "complete",
                 "intention": "planned"}
CATEGORIES = {"货物": "goods", "服务": "services", "工程": "works"}


def party_id(name: str) -> str:
    """A stable id for an organisation, from its name."""
    return "tw-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def _when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value.replace(tzinfo=value.tzinfo or CHINA).isoformat()


def _value(amount: float | None) -> dict | None:
    return {"amount": amount, "currency": "CNY"} if amount is not None else None


def _drop_empty(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if v not in (None, [], {}, "")}


def release(notice: dict, items: list[dict], prefix: str = DEFAULT_PREFIX) -> dict:
    """One notice (a row of v_notices with ``supplier_details``, ``links``, ``evidence``) as an OCDS release."""
    notice_type = notice["notice_type"] or "other"
    process = notice["project_code"] or notice["notice_id"].split(":", 1)[-1]
    parties: dict[str, dict] = {}

    def party(name: str | None, role: str) -> dict | None:
        if not name:
            return None
        entry = parties.setdefault(name, {"id": party_id(name), "name": name, "roles": []})
        if role not in entry["roles"]:
            entry["roles"].append(role)
        return {"id": entry["id"], "name": name}

    buyer = party(notice["buyer"], "buyer")
    agency = party(notice["agency"], "procuringEntity")
    method, procedure = METHODS.get(notice_type, (None, None))
    category = CATEGORIES.get((notice["category"] or "")[:2])
    documents = [_drop_empty({"id": "notice", "documentType": "awardNotice" if notice_type in ("award", "deal")
                              else "tenderNotice", "title": notice["title"], "url": notice["url"],
                              "datePublished": _when(notice["published"]), "language": "zh"})]
    documents += [_drop_empty({"id": f"attachment-{n}", "title": link.get("name"), "url": link.get("url")})
                  for n, link in enumerate(notice["links"], start=1)]
    tender = _drop_empty({
        "id": process, "title": notice["title"], "status": TENDER_STATUS.get(notice_type, "active"),
        "procuringEntity": agency, "value": _value(notice["budget_cny"] or notice["max_price_cny"]),
        "procurementMethod": method, "procurementMethodDetails": procedure, "mainProcurementCategory": category,
        "tenderPeriod": {"endDate": _when(notice["deadline"])} if notice["deadline"] else None,
        "items": [_item(i) for i in items], "documents": documents,
    })
    awards = []
    if notice_type in ("award", "deal", "contract"):
        suppliers = notice["supplier_details"] or ([{"name": None, "amount_cny": notice["award_cny"], "lot": None}]
                                                   if notice["award_cny"] is not None else [])
        for n, supplier in enumerate(suppliers, start=1):
            reference = party(supplier.get("name"), "supplier")
            awards.append(_drop_empty({
                "id": f"{process}-{supplier.get('lot') or n}", "status": "active",
                "date": _when(notice["published"]), "value": _value(supplier.get("amount_cny")),
                "suppliers": [reference] if reference else None, "title": supplier.get("lot") and f"包{supplier['lot']}",
            }))
    return _drop_empty({
        "ocid": f"{prefix}-{notice['portal']}-{process}", "id": notice["notice_id"],
        "date": _when(notice["published"] or notice["extracted_at"]),
        "tag": [TAGS.get(notice_type, "tender")], "initiationType": "tender", "language": "zh",
        "parties": list(parties.values()), "buyer": buyer, "tender": tender, "awards": awards,
        "tenderwatch": _drop_empty({"label": notice["label"], "score": notice["score"], "chips": notice["chips"],
                                    "providers": notice["providers"], "evidence": notice["evidence"],
                                    "review": notice["review"], "buyerType": notice["buyer_type"],
                                    "region": notice["region"]}),
    })


def _item(item: dict) -> dict:
    unit = _drop_empty({"name": item["unit"], "value": _value(item["unit_price_cny"])})
    description = " — ".join(p for p in (item["name"], item["spec"]) if p)
    return _drop_empty({"id": str(item["seq"]), "description": description, "quantity": item["quantity"],
                        "unit": unit})


def release_package(con: duckdb.DuckDBPyConnection, notice_ids: list[str], prefix: str = DEFAULT_PREFIX,
                    uri: str = "https://example.org/tenderwatch/releases.json") -> dict:
    """A release package of these notices (every field the package schema requires, and the publisher)."""
    notices = records(con, """SELECT v.*, n.suppliers AS supplier_json, n.links AS link_json, h.evidence AS evidence_json
                              FROM v_notices v JOIN notices n USING (notice_id) LEFT JOIN hits h USING (notice_id)
                              WHERE v.notice_id IN (SELECT unnest(?)) ORDER BY v.published, v.notice_id""", [notice_ids])
    items = records(con, "SELECT * FROM line_items WHERE notice_id IN (SELECT unnest(?)) ORDER BY notice_id, seq",
                    [notice_ids])
    releases = []
    for notice in notices:
        notice["supplier_details"] = json.loads(notice.pop("supplier_json") or "[]")
        notice["links"] = json.loads(notice.pop("link_json") or "[]")
        notice["evidence"] = json.loads(notice.pop("evidence_json") or "[]")
        notice["chips"], notice["providers"] = list(notice["chips"]), list(notice["providers"])
        releases.append(release(notice, [i for i in items if i["notice_id"] == notice["notice_id"]], prefix))
    return {
        "uri": uri, "version": OCDS_VERSION, "publishedDate": datetime.now(CHINA).replace(microsecond=0).isoformat(),
        "publisher": {"name": "tenderwatch"}, "releases": releases,
    }
