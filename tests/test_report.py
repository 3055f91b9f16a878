"""The weekly report: weeks, which hits a week lists, funnel and coverage, the three formats, the command."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from report.buyers import BuyerFacts, ListFlag, buyer_facts
from report.collect import collect
from report.render import write_report
from report.summary import cny, summarize
from report.week import Week, WeekError, last_complete_week, parse_week, week_of
from store.db import connect
from tests.conftest import tenderwatch
from tests.report_archive import LISTED, TODAY, WEEK, Archive, build_archive, quote


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("archive") / "tw.duckdb")


@pytest.fixture(scope="module")
def weekly(archive: Path):
    with connect(archive, read_only=True) as con:
        return collect(con, WEEK, TODAY)


@pytest.fixture(scope="module")
def written(weekly, tmp_path_factory: pytest.TempPathFactory):
    return write_report(weekly, tmp_path_factory.mktemp("report"))


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler extracts it, whitespace removed (lines break anywhere in Chinese)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- weeks -----------------------------------------------------------------------------------------------------

def test_week_parsing_accepts_iso_weeks_and_refuses_the_rest() -> None:
    today = date(2025, 9, 20)
    assert parse_week("2025-W37", today) == Week(2025, 37)
    assert parse_week("2025W07", today) == Week(2025, 7)
    assert parse_week("2020-W53", today).end == date(2021, 1, 3)
    assert parse_week("2025-W38", today).start == date(2025, 9, 15)   # the current week is allowed
    with pytest.raises(WeekError, match="YYYY-Www"):
        parse_week("2025-37", today)
    with pytest.raises(WeekError, match="no ISO week 53"):
        parse_week("2021-W53", today)
    with pytest.raises(WeekError, match="has not begun"):
        parse_week("2025-W39", today)


@given(st.dates(min_value=date(1990, 1, 8), max_value=date(2100, 12, 31)))
def test_last_complete_week_ended_in_the_seven_days_before_today(today: date) -> None:
    week = last_complete_week(today)
    assert week.start.isoweekday() == 1 and week.end.isoweekday() == 7
    assert today - timedelta(days=7) <= week.end < today
    assert parse_week(week.label, today) == week


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_lies_in_its_week_and_weeks_follow_each_other(day: date) -> None:
    week = week_of(day)
    assert week.start <= day <= week.end
    assert week.shifted(1).start == week.end + timedelta(days=1)
    assert week.shifted(-1).shifted(1) == week


# --- what a week lists -----------------------------------------------------------------------------------------

def test_a_week_lists_its_hits_and_late_finds_but_not_rejected_hits(weekly) -> None:
    assert [e.hit["notice_id"] for e in weekly.entries] == LISTED
    assert {e.hit["notice_id"]: e.late for e in weekly.entries} == {
        "ccgp:1": False, "ccgp:2": False, "ccgp:5": True, "ccgp:10": True}
    assert weekly.published_count == 2 and weekly.previous_count == 1 and weekly.late_count == 2


def test_trend_counts_unrejected_hits_by_publication_week(weekly) -> None:
    trend = {week.label: counts for week, counts in weekly.trend}
    assert len(trend) == 13 and list(trend)[-1] == "2025-W37" and list(trend)[0] == "2025-W25"
    assert trend["2025-W37"] == {"remote_access": 1, "hardware_purchase": 1}
    assert trend["2025-W36"] == {"remote_access": 1, "hardware_purchase": 0}
    assert trend["2025-W27"] == {"remote_access": 1, "hardware_purchase": 0}    # 星海大学 in July
    assert trend["2025-W34"] == {"remote_access": 1, "hardware_purchase": 0}    # the late find, by publication
    assert weekly.average_before == pytest.approx(3 / 12)


def test_funnel_follows_the_weeks_notices_to_reviews_per_portal(weekly) -> None:
    funnel = {f.portal: (f.notices, f.candidates, f.hits, f.confirmed, f.rejected) for f in weekly.funnel}
    # ccgp: 1, 2, 3, 4 published this week + late finds 5 and 10; 4 is no candidate; 3 was rejected, 2 confirmed.
    assert funnel == {"ccgp": (6, 5, 5, 1, 1), "ggzy": (1, 0, 0, 0, 0)}


def test_coverage_shows_which_portals_were_crawled_for_the_week(weekly) -> None:
    coverage = {c.portal: c for c in weekly.coverage}
    assert coverage["ccgp"].runs == 1 and coverage["ccgp"].blocked == 4 and coverage["ccgp"].keywords == 3
    assert coverage["ccgp"].windows == ["2025-09-01 … 2025-09-14"]
    assert coverage["ggzy"].runs == 0
    assert weekly.uncovered_portals == ["ggzy"]


def test_new_buyers_are_those_without_an_earlier_hit(weekly) -> None:
    new = {b.buyer.name: (b.hits, b.earlier_notices) for b in weekly.new_buyers}
    # 星海大学 had a hit in July; 东川大学 had a notice in June but no hit.
    assert new == {"东川大学": (1, 1), "云岭省人民医院": (1, 0), "澜州智能计算研究院": (1, 0)}


def test_notable_amounts_are_the_large_ones_largest_first(weekly) -> None:
    assert [(e.hit["notice_id"], e.hit["amount_cny"], e.amount_kind) for e in weekly.notable] == [
        ("ccgp:2", 7_650_000, "award"), ("ccgp:1", 3_600_000, "budget")]


def test_each_hit_names_its_archived_copies(weekly) -> None:
    first = weekly.entries[0]
    assert [a.what for a in first.archived] == ["notice page", "招标文件.pdf"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", a.sha256) for a in first.archived)


def test_buyer_facts_come_from_the_store_until_the_registry_has_answered(archive: Path) -> None:
    with connect(archive, read_only=True) as con:
        facts = buyer_facts(con, ["东川大学", "云岭省人民医院", "无此单位"])
    assert facts["云岭省人民医院"].type == "hospital" and facts["东川大学"].type == "university"
    assert facts["无此单位"].type is None
    assert all(f.english_name is None and f.flags == () and not f.resolved for f in facts.values())


def test_buyer_facts_are_the_registrys_answers_once_the_pipeline_resolved_the_buyers(tmp_path: Path) -> None:
    from tenderwatch.pipeline import resolve_pending

    db = build_archive(tmp_path / "tw.duckdb")
    with connect(db) as con:
        Archive(con).notice("ccgp:20", "2025-09-12", "四川大学华西医院", title="四川大学华西医院GPU算力租赁服务采购公告",
                            fetched="2025-09-12 09:00", budget=900_000,
                            hit={"label": "remote_access", "chips": ["H800"], "evidence": quote("租赁H800 GPU算力")})
        resolve_pending(con)
    with connect(db, read_only=True) as con:
        facts = buyer_facts(con, ["四川大学华西医院", "东川大学"])
        weekly = collect(con, WEEK, TODAY)
    west_china = facts["四川大学华西医院"]
    assert west_china.resolved and west_china.type == "hospital" and west_china.parent.name == "四川大学"
    assert west_china.english_name == "West China Hospital, Sichuan University"
    assert {f.list for f in west_china.flags} >= {"entity_list"} and all(f.via_parent for f in west_china.flags)
    assert facts["东川大学"].resolved and facts["东川大学"].flags == ()  # checked: on no list
    assert weekly.listed_buyer_count == 1


def test_registry_facts_show_in_every_format(weekly, tmp_path: Path) -> None:
    """What the buyer registry answers (English name, parent, flags) reaches the reader; nothing is invented."""
    assert weekly.listed_buyer_count is None            # no registry answered: "not checked", never "not listed"
    listed = BuyerFacts(query="四川大学华西医院", name="四川大学华西医院", english_name="West China Hospital, Sichuan University",
                        type="hospital", parent=BuyerFacts(query="四川大学", name="四川大学"), resolved=True,
                        flags=(ListFlag("entity_list", "BIS Entity List, 77 FR 58006", "2012-09-19", via_parent=True),))
    unlisted = BuyerFacts(query="东川大学", name="东川大学", type="university", resolved=True)
    entries = [replace(e, buyer=listed) if e.hit["notice_id"] == "ccgp:1" else
               replace(e, buyer=unlisted) if e.hit["notice_id"] == "ccgp:2" else e for e in weekly.entries]
    enriched = replace(weekly, entries=entries)
    assert enriched.listed_buyer_count == 1
    files = write_report(enriched, tmp_path)
    html, markdown = files.html.read_text(encoding="utf-8"), files.markdown.read_text(encoding="utf-8")
    for text in (html, markdown, subprocess.run(["pdftotext", str(files.pdf), "-"], capture_output=True, text=True,
                                                check=True).stdout):
        text = " ".join(text.split()).replace("**", "")       # Markdown's bold
        assert "West China Hospital, Sichuan University" in text
        assert "BIS Entity List (via parent), 2012-09-19" in text
        assert "lists: none" in text                         # 东川大学: checked, on no list
        assert "lists: not checked" in text                  # the others: no registry answer
    assert '<span class="flag">Entity List (via parent)</span>' in html
    assert "**[Entity List (via parent)]**" in markdown


# --- summaries ---------------------------------------------------------------------------------------------------

def test_english_summaries_are_built_from_the_fields(weekly) -> None:
    by_id = {e.hit["notice_id"]: e.summary for e in weekly.entries}
    assert by_id["ccgp:1"] == ("星海大学 (university, Beijing) opened a tender for remote use of NVIDIA A100 GPUs; "
                               "budget CNY 3.6 million.")
    assert by_id["ccgp:2"] == ("东川大学 (university, Hubei) awarded a contract for servers or cards with NVIDIA H800 "
                               "GPUs to 东川云智科技有限公司; contract value CNY 7.65 million.")
    assert by_id["ccgp:5"] == ("云岭省人民医院 (hospital, Yunnan) proposed a single-source purchase of Microsoft Azure "
                               "cloud services and OpenAI AI models; budget CNY 680,000.")


def test_summary_uses_the_registry_english_name_and_survives_missing_fields() -> None:
    hit = {"buyer": None, "region": None, "notice_type": None, "label": "remote_access", "chips": [],
           "providers": [], "suppliers": [], "amount_cny": None}
    assert summarize(hit, None, None) == "An unnamed buyer published a notice on remote use of restricted NVIDIA GPUs."
    hit |= {"buyer": "四川大学", "chips": ["H100", "A800"], "providers": ["GoogleCloud"], "region": "四川"}
    assert summarize(hit, "Sichuan University", "university") == (
        "Sichuan University (university, Sichuan) published a notice on remote use of NVIDIA H100 and A800 GPUs "
        "and Google Cloud cloud services.")


def test_amounts_read_as_people_say_them() -> None:
    assert [cny(a) for a in (None, 98_700, 1_000_000, 1_280_000, 7_654_321)] == [
        "amount not stated", "CNY 98,700", "CNY 1 million", "CNY 1.28 million", "CNY 7.65 million"]


# --- the three formats ------------------------------------------------------------------------------------------

class _Resources(HTMLParser):
    """Every URL the HTML would load (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag in ("img", "script", "iframe", "source") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link":
            self.loads.append(attrs.get("href", ""))


def test_html_is_one_self_contained_file_with_the_chart_inline(written) -> None:
    html = written.html.read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(html)
    assert parser.loads and all(src.startswith("data:image/svg+xml;base64,") for src in parser.loads)
    assert "url(" not in html and "@import" not in html


def test_every_format_has_every_listed_hit_with_buyer_evidence_source_and_archive(weekly, written) -> None:
    texts = {"html": squeeze(written.html.read_text(encoding="utf-8")),
             "markdown": squeeze(written.markdown.read_text(encoding="utf-8")),
             "pdf": pdf_text(written.pdf)}
    for entry in weekly.entries:
        hit = entry.hit
        for name, text in texts.items():
            for wanted in (hit["notice_id"], hit["buyer"], hit["title"], entry.evidence[0]["text"],
                           entry.archived[0].sha256, hit["url"]):
                # Markdown escapes its markup characters; compare without the escapes.
                assert squeeze(wanted) in text.replace("\\", ""), f"{wanted!r} missing from the {name} report"
    for text in texts.values():
        assert "ccgp:3" not in text                       # rejected on review: counted, not listed
        assert "东川云智科技有限公司" in text and "confirmed" in text
        assert "2025-W37" in text and "latefind" in text


def test_pdf_embeds_a_cjk_font_so_chinese_is_not_tofu(written) -> None:
    fonts = subprocess.run(["pdffonts", str(written.pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts
    text = pdf_text(written.pdf)
    assert "提供不少于64张NVIDIAA10080GBGPU卡的独享算力" in text and "\ufffd" not in text


def test_pdf_renders_without_css_or_font_warnings(weekly, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="weasyprint"):
        write_report(weekly, tmp_path)
    # A CSS rule WeasyPrint drops, or a missing font or subsetter (libharfbuzz-subset0), shows up here.
    assert [r.getMessage() for r in caplog.records] == []


def test_a_week_without_hits_says_so_in_every_format(archive: Path, tmp_path: Path) -> None:
    with connect(archive, read_only=True) as con:
        empty = collect(con, Week(2025, 30), TODAY)
    files = write_report(empty, tmp_path)
    assert empty.entries == []
    for text in (files.html.read_text(encoding="utf-8"), files.markdown.read_text(encoding="utf-8")):
        assert "No new hits this week" in text and "The archive holds no notice published this week" in text
    assert "Nonewhitsthisweek" in pdf_text(files.pdf)


def test_a_week_in_progress_is_marked(archive: Path) -> None:
    with connect(archive, read_only=True) as con:
        partial = collect(con, WEEK, date(2025, 9, 11))
    assert partial.in_progress
    assert not replace(partial, today=date(2025, 9, 15)).in_progress


# --- the command --------------------------------------------------------------------------------------------------

def test_report_command_writes_the_three_files(archive: Path, tmp_path: Path) -> None:
    result = tenderwatch("report", "--week", "2025-W37", "--out", str(tmp_path), "--db", str(archive))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["tenderwatch-2025-W37.html", "tenderwatch-2025-W37.md", "tenderwatch-2025-W37.pdf"]
    assert "4 hits listed" in result.stdout


def test_report_command_defaults_to_the_last_complete_week(archive: Path, tmp_path: Path) -> None:
    tenderwatch("report", "--out", str(tmp_path), "--db", str(archive))
    assert (tmp_path / f"tenderwatch-{last_complete_week(date.today()).label}.pdf").exists()


@pytest.mark.parametrize(("week", "message"), [
    ("2025-37", "--week must be an ISO week as YYYY-Www"),
    ("2021-W53", "2021 has no ISO week 53"),
    ("2999-W01", "week 2999-W01 has not begun yet"),
])
def test_bad_weeks_are_one_line_errors(archive: Path, tmp_path: Path, week: str, message: str) -> None:
    result = tenderwatch("report", "--week", week, "--out", str(tmp_path), "--db", str(archive), check=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and message in result.stderr
    assert not any(tmp_path.iterdir())


def test_a_buyer_written_another_way_before_is_not_new(tmp_path: Path) -> None:
    from tenderwatch.pipeline import resolve_pending

    with connect(tmp_path / "tw.duckdb") as con:
        archive = Archive(con)
        # this week 深圳大学（本级） and 北京大学; in July 深圳大學 (traditional) had a hit, 北京大学计算机学院 too
        archive.notice("ccgp:1", "2025-09-09", "深圳大学（本级）", title="深圳大学A100算力租赁", fetched="2025-09-10 02:00",
                       hit={"label": "remote_access", "chips": ["A100"], "evidence": quote("A100算力租赁")})
        archive.notice("ccgp:2", "2025-07-01", "深圳大學", title="深圳大學H800算力服務", fetched="2025-07-02 02:00",
                       hit={"label": "remote_access", "chips": ["H800"], "evidence": quote("H800算力服務")})
        archive.notice("ccgp:3", "2025-09-10", "北京大学", title="北京大学GPU服务器采购", fetched="2025-09-11 02:00",
                       hit={"label": "hardware_purchase", "chips": ["H20"], "evidence": quote("H20服务器")})
        archive.notice("ccgp:4", "2025-07-03", "北京大学计算机学院", title="北京大学计算机学院算力租用",
                       fetched="2025-07-04 02:00",
                       hit={"label": "remote_access", "chips": ["A800"], "evidence": quote("A800算力租用")})
        weekly = collect(con, WEEK, TODAY)
        # before the registry: the stored names differ, so both look new
        assert sorted(b.buyer.query for b in weekly.new_buyers) == ["北京大学", "深圳大学（本级）"]
        resolve_pending(con)
        weekly = collect(con, WEEK, TODAY)
    # one university however written; a school of a university stays a buyer of its own
    assert [(b.buyer.name, b.buyer.english_name, b.hits) for b in weekly.new_buyers] == [
        ("北京大学", "Peking University", 1)]
