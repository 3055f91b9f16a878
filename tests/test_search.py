"""Full-text search: Chinese terms and model numbers, phrases, ranking, snippets, filters, and the index kept in
step with extraction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb

from query.hits import HitFilter
from query.search import SearchQuery, index_notices, search, snippet, stale_notices, terms
from store.db import connect, records, scalar
from tests.conftest import DEMO_NOTICES, amount_cny, demo_hits_where, demo_notices_saying, tenderwatch

# What the replay's pages say, which the searches below must find (attachment-only text is tested by name).
RENTAL = demo_notices_saying("算力租赁")


def test_model_numbers_survive_tokenising_unlike_duckdb_fts() -> None:
    found = terms("英伟达A100GPU服务器，H800与H100各一台；ＲＴＸ４０９０")
    assert {"a100", "h800", "h100", "rtx4090"} <= set(found)  # fts would keep only 'a'/'h'
    assert "a100gpu" in found and "gpu" in found  # the glued run and its parts
    assert "服务器" in found and "服务" in found  # search mode also indexes the parts of long words


def test_query_terms_and_phrases_are_parsed() -> None:
    query = SearchQuery.parse('"算力租赁" A100 “云服务器”')
    assert query.phrases == ["算力租赁", "云服务器"]
    assert "a100" in query.terms and "租赁" in query.terms
    assert {"算力租赁", "云服务器", "a100", "租赁"} <= set(query.highlights())


def search_ids(db: Path, *args: str) -> list[str]:
    result = tenderwatch("search", *args, "--db", str(db), "--format", "json")
    return [json.loads(line)["notice_id"] for line in result.stdout.splitlines()]


def test_phrase_search_finds_the_rental_notices(demo_db: Path) -> None:
    assert {"ccgp:25104387", "ccgp:25112233"} <= RENTAL  # the rental hit and its terminated twin
    assert sorted(search_ids(demo_db, '"算力租赁"')) == sorted(RENTAL)


def test_words_must_all_occur_and_filters_apply(demo_db: Path) -> None:
    aws, weather = demo_notices_saying("AWS"), demo_notices_saying("AWS", "气象站")
    assert "ccgp:25109102" in weather and weather < aws  # the weather-station look-alike, among the AWS notices
    assert sorted(search_ids(demo_db, "AWS 气象站")) == sorted(weather)
    assert sorted(search_ids(demo_db, "AWS")) == sorted(aws)
    remote = demo_hits_where(lambda hit, n: hit.label == "remote_access")
    big = {i for i, n in DEMO_NOTICES.items() if ("大学" in n.buyer or "学院" in n.buyer) and amount_cny(n) >= 5_000_000}
    for word, filters, expected in (
            ("AWS", ("--label", "remote_access"), aws & remote),
            ("A100", ("--since", "2025-10-01"), {i for i in demo_notices_saying("A100")
                                                  if DEMO_NOTICES[i].day >= date(2025, 10, 1)}),
            ("H800", ("--buyer-type", "university", "--min-amount", "5000000"), demo_notices_saying("H800") & big)):
        filtered = search_ids(demo_db, word, *filters)
        assert expected and expected < set(search_ids(demo_db, word)), filters  # the filters leave some out
        assert sorted(filtered) == sorted(expected), filters


def test_text_only_in_an_attachment_is_found_with_where_it_is(demo_db: Path) -> None:
    # 按卡时计费 and NVLink are written only in the PDF attachment of the 青岚 notice.
    with connect(demo_db, read_only=True) as con:
        result = search(con, '"NVLink全互联"')
    assert [r["notice_id"] for r in result.rows] == ["ccgp:25105276"]
    row = result.rows[0]
    assert row["where"] == "attachment 附件1：采购需求书.pdf p.2"
    assert "**nvlink全互联**" in row["snippet"].lower()


def test_results_are_ranked_and_snippets_highlighted(demo_db: Path) -> None:
    lines = tenderwatch("search", "算力 服务", "--db", str(demo_db), "--format", "json").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    scores = [r["score"] for r in rows]
    assert len(rows) >= 4 and scores == sorted(scores, reverse=True)
    assert all("**" in r["snippet"] for r in rows)
    table = tenderwatch("search", '"算力租赁"', "--db", str(demo_db)).stdout
    assert f"{len(RENTAL)} notices match" in table and "星海大学" in table and "(index," in table


def test_a_word_the_index_does_not_know_falls_back_to_a_scan(demo_db: Path) -> None:
    # jieba cuts 研究院 into 研究 / 研究院, so 究院 is no term of the index, but it is in the text.
    with connect(demo_db, read_only=True) as con:
        result = search(con, "究院", limit=len(DEMO_NOTICES))
        forced = search(con, '"算力租赁"', scan=True)
    assert result.method == "scan"
    assert sorted(r["notice_id"] for r in result.rows) == sorted(demo_notices_saying("究院"))
    assert {"ccgp:25104387", "ccgp:25113009"} <= {r["notice_id"] for r in result.rows}
    assert all("研**究院**" in r["snippet"] for r in result.rows)
    assert sorted(r["notice_id"] for r in forced.rows) == sorted(RENTAL)


def test_nothing_to_search_for_is_one_clear_line(demo_db: Path) -> None:
    result = tenderwatch("search", "！？", "--db", str(demo_db), check=False)
    assert result.returncode == 2 and "nothing to search for" in result.stderr


def test_snippet_prefers_the_unit_with_the_phrase() -> None:
    units = [("title", "GPU服务器采购"), ("body", "本项目租赁GPU算力，按卡时计费。"), ("attachment a.pdf p.3", "无关内容")]
    text, where = snippet(units, ["按卡时计费", "gpu"], ["按卡时计费"])
    assert where == "body" and "**按卡时计费**" in text and "**GPU**" in text


def found(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """The ids a search finds, sorted; every match, not just the first page."""
    result = search(con, text, limit=len(DEMO_NOTICES))
    assert result.total == len(result.rows)
    return sorted(r["notice_id"] for r in result.rows)


def test_the_index_follows_re_extraction(demo_copy: Path) -> None:
    with connect(demo_copy) as con:
        before = scalar(con, "SELECT count(*) FROM search_docs")
        assert before == scalar(con, "SELECT count(*) FROM notices") and not stale_notices(con)
        # A notice re-extracted with new text (as a new extractor version would) is indexed anew.
        con.execute("UPDATE notices SET text = text || '\n补充说明：新增昇腾910B算力。', extracted_at = now() "
                    "WHERE notice_id = 'ccgp:25113009'")
        assert stale_notices(con) == ["ccgp:25113009"]
        elsewhere = demo_notices_saying("昇腾910B")  # notices that really say it (the 东陵 Ascend servers)
        assert "ccgp:25113009" not in elsewhere
        assert found(con, '"昇腾910B"') == sorted(elsewhere)  # not yet in the index
        index_notices(con, stale_notices(con))
        assert found(con, '"昇腾910B"') == sorted(elsewhere | {"ccgp:25113009"})
        assert scalar(con, "SELECT count(*) FROM search_docs") == before
        postings = scalar(con, "SELECT count(*) FROM search_postings")
    # The real pipeline re-indexes whatever it re-extracts, without growing the index.
    tenderwatch("extract", "--all", "--db", str(demo_copy))
    with connect(demo_copy, read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM search_docs") == before
        assert scalar(con, "SELECT count(DISTINCT notice_id) FROM search_docs") == before
        assert scalar(con, "SELECT count(*) FROM search_postings") < postings  # the added sentence is gone again
        assert found(con, '"昇腾910B"') == sorted(elsewhere)
        remote = demo_hits_where(lambda hit, n: hit.label == "remote_access")
        assert search(con, '"算力租赁"', HitFilter(label="remote_access")).total == len(RENTAL & remote) >= 1


def test_search_results_carry_review_and_verdict(demo_copy: Path) -> None:
    tenderwatch("review", "ccgp:25104387", "--confirm", "--db", str(demo_copy))
    with connect(demo_copy, read_only=True) as con:
        rows = {r["notice_id"]: r for r in search(con, "A100").rows}
        one = records(con, "SELECT count(*) AS n FROM search_docs WHERE notice_id = 'ccgp:25104387'")[0]["n"]
    assert rows["ccgp:25104387"]["review"] == "confirmed" and rows["ccgp:25104387"]["chips"] == ["A100"]
    assert rows["ccgp:25112233"]["label"] == "none"
    assert one == 1
