"""The records that extraction hands to the classifier, the store and the commands."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

EXTRACTOR_VERSION = "0.3.3"

NOTICE_TYPES = (
    "intention", "tender", "inquiry", "negotiation", "consultation", "single_source",
    "correction", "award", "deal", "contract", "termination", "other",
)


@dataclass
class Page:
    """The text of one page of a document (number 0 for formats without pages)."""

    number: int
    text: str
    ocr: bool = False  # the text was recognised from the page image (a scan, or a font without a usable map)


@dataclass
class LineItem:
    """One row of what is bought, and where it was read (document, page, table, row)."""

    name: str | None = None
    spec: str | None = None
    quantity: float | None = None
    unit: str | None = None
    unit_price_cny: float | None = None
    total_cny: float | None = None
    source: str | None = None  # the document's name: "body" or an attachment file name
    page: int | None = None
    table: int | None = None
    row: int | None = None
    lot: str | None = None  # the 标包/合同包 the item belongs to, when the notice has lots

    def contract_dict(self) -> dict:
        """The fields that the ``inspect --json`` contract shows."""
        return {k: getattr(self, k) for k in ("name", "spec", "quantity", "unit", "unit_price_cny", "total_cny")}


@dataclass
class DocumentText:
    """What could be read from one file: its pages, its tables as line items, or why it could not be read."""

    name: str
    pages: list[Page] = field(default_factory=list)
    line_items: list[LineItem] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    error: str | None = None
    doc_id: str | None = None
    part: str | None = None  # the member's path inside an archive (``name`` is then "archive.zip/member")
    warnings: list[str] = field(default_factory=list)  # what was read only in part (OCR skipped, garbled pages ...)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


@dataclass
class Supplier:
    """A winning (or, for single-source notices, proposed) supplier, with its amount and lot when given."""

    name: str
    amount_cny: float | None = None
    lot: str | None = None


@dataclass
class Link:
    """An attachment link found on a page: its text and its URL."""

    name: str
    url: str


@dataclass
class Notice:
    """One procurement notice: its fields, its body text, its line items and its attachments."""

    title: str | None = None
    notice_type: str = "other"
    buyer: str | None = None
    agency: str | None = None
    project_code: str | None = None
    project_name: str | None = None
    method: str | None = None  # 采购方式 as written (公开招标, 竞争性磋商 ...)
    region: str | None = None
    category: str | None = None
    published: date | None = None
    deadline: datetime | None = None
    budget_cny: float | None = None
    max_price_cny: float | None = None
    award_cny: float | None = None
    suppliers: list[Supplier] = field(default_factory=list)
    contacts: dict[str, str] = field(default_factory=dict)
    text: str = ""
    pages: list[Page] = field(default_factory=list)  # the body by page, when the notice itself is a paged file
    line_items: list[LineItem] = field(default_factory=list)
    attachments: list[DocumentText] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    url: str | None = None
    portal: str | None = None
    notice_id: str | None = None
    extractor_version: str = EXTRACTOR_VERSION
    errors: list[str] = field(default_factory=list)

    @property
    def amount_cny(self) -> float | None:
        """The notice's headline amount: the award for results and contracts, else the budget or maximum price."""
        if self.notice_type in ("award", "deal", "contract") and self.award_cny is not None:
            return self.award_cny
        for value in (self.budget_cny, self.max_price_cny, self.award_cny):
            if value is not None:
                return value
        return None

    def all_line_items(self) -> list[LineItem]:
        """Line items of the body and of every attachment."""
        items = list(self.line_items)
        for att in self.attachments:
            items.extend(att.line_items)
        return items

    def as_dict(self) -> dict:
        return asdict(self)
