"""Writing a WeeklyReport out: one self-contained HTML file, a PDF made from it by WeasyPrint, and Markdown.

The PDF is the HTML laid out for print (A4, page numbers); its CSS asks for the WenQuanYi Zen Hei font
that ``make setup`` installs, without which Chinese would print as empty boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from report import caveats
from report.buyers import BuyerFacts
from report.chart import data_uri, trend_chart
from report.collect import NOTABLE_AMOUNT_CNY, TREND_WEEKS, WeeklyReport
from report.summary import AMOUNT_KINDS, cny
from report.week import Week

FLAG_NAMES = {"entity_list": "BIS Entity List", "meu": "Military End-User List", "1260h": "Section 1260H list",
              "1286": "Section 1286 list", "ns_cmic": "NS-CMIC list", "aspi": "ASPI Defence Universities Tracker"}
FLAG_SHORT = {"entity_list": "Entity List", "meu": "MEU", "1260h": "1260H", "1286": "1286", "ns_cmic": "NS-CMIC",
              "aspi": "ASPI"}
QUOTE_CHARS = 240


@dataclass
class ReportFiles:
    html: Path
    pdf: Path
    markdown: Path


def _yuan_wan(amount: float | None) -> str:
    """The amount as Chinese notices write it, to check against the source: ¥360.00万."""
    if amount is None:
        return ""
    return f"¥{amount / 10000:,.2f}万" if amount >= 10000 else f"¥{amount:,.0f}"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def _signed(number: float) -> str:
    return f"+{number:g}" if number > 0 else f"{number:g}"


def _week_span(week: Week) -> str:
    """8–14 September 2025; 29 September – 5 October 2025; 29 December 2025 – 4 January 2026."""
    start, end = week.start, week.end
    if start.year != end.year:
        return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day}–{end.day} {end:%B %Y}"


def _no_hits_detail(report: WeeklyReport) -> str:
    """What an empty week's report says instead of hits: how much was checked, and where to look."""
    notices = sum(f.notices for f in report.funnel)
    rejected = sum(f.rejected for f in report.funnel)
    checked = (f"{notices} notices published this week were archived and checked" if notices
               else "The archive holds no notice published this week")
    if rejected:
        checked += f"; {rejected} {'hit was' if rejected == 1 else 'hits were'} rejected on review"
    return checked + ". See the funnel and the crawl coverage under Method and caveats."


def _flag_names(buyer: BuyerFacts, short: bool = False) -> list[str]:
    """The buyer's list flags as readers know them, "(via parent)" where the listing is the parent's."""
    names = FLAG_SHORT if short else FLAG_NAMES
    return [names.get(f.list, f.list) + (" (via parent)" if f.via_parent else "") for f in buyer.flags]


def _list_status(buyer: BuyerFacts) -> str:
    """What the lists say of a buyer: its flags, "none", or "not checked" when no registry answered."""
    return ", ".join(_flag_names(buyer)) or ("none" if buyer.resolved else "not checked")


def _md(text: object) -> str:
    """Text safe inside Markdown (and its table cells): markup characters escaped, lines joined."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("report", "templates"), autoescape=lambda name: name.endswith(".html.j2"),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(flag_names=_flag_names, list_status=_list_status, cny=cny, wan=_yuan_wan, quote=_quote, signed=_signed, md=_md, week_span=_week_span,
                       no_hits_detail=_no_hits_detail)
    env.globals.update(caveats=caveats, LABEL_TITLES=caveats.LABEL_TITLES, LABEL_MEANINGS=caveats.LABEL_MEANINGS,
                       FLAG_NAMES=FLAG_NAMES,
                       AMOUNT_KINDS=AMOUNT_KINDS, NOTABLE_AMOUNT_CNY=NOTABLE_AMOUNT_CNY, TREND_WEEKS=TREND_WEEKS)
    return env


def render_html(report: WeeklyReport, chart_src: str | None = None) -> str:
    """The report as one HTML document; the chart is inlined as an SVG data URI unless ``chart_src`` is given
    (mail uses ``cid:`` with a PNG part, since mail clients show neither SVG nor data URIs reliably)."""
    if chart_src is None:
        chart_src = data_uri(trend_chart(report.trend, "svg"), "image/svg+xml")
    css = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    return _environment().get_template("report.html.j2").render(r=report, chart_src=chart_src, css=css)


def render_markdown(report: WeeklyReport) -> str:
    """The report as Markdown (the trend as a table instead of a chart)."""
    return _environment().get_template("report.md.j2").render(r=report)


def render_pdf(html: str) -> bytes:
    """The HTML laid out as a PDF by WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def write_report(report: WeeklyReport, out_dir: Path) -> ReportFiles:
    """Write ``tenderwatch-<week>.html``, ``.pdf`` and ``.md`` into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"tenderwatch-{report.week.label}"
    files = ReportFiles(stem.with_suffix(".html"), stem.with_suffix(".pdf"), stem.with_suffix(".md"))
    html = render_html(report)
    files.html.write_text(html, encoding="utf-8")
    files.pdf.write_bytes(render_pdf(html))
    files.markdown.write_text(render_markdown(report), encoding="utf-8")
    return files
