"""Full-text search over notices and their attachments, for Chinese: a jieba term index with BM25 in SQL.

DuckDB's ``fts`` extension cannot be installed offline and strips digits (A100 and H100 both become "a"), so
tenderwatch keeps its own index (tables ``search_docs`` and ``search_postings``, migration 061):

- Han text is cut by jieba in search mode without the HMM (deterministic: unknown words fall apart into single
  characters the same way in notices and in queries; long words also give their parts, so 学院 finds 医学院);
  runs of letters and digits are terms of their own (``a100``, ``h800``, ``2025``), and a run that glues letters
  to digits also gives its parts (``a100gpu`` → ``a100``, ``gpu``).
- A query's words must all occur (AND); results are ranked by BM25. A quoted phrase (``"算力租赁"``) must also
  occur as written, which is checked on the indexed text. When a query word is in no notice at all, the search
  falls back to a plain substring scan, so a word that the segmenter cut differently in the notices is still
  found.
- ``index_notices`` (re)indexes notices after extraction; the pipeline calls it for every batch it writes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import duckdb
import pandas as pd

from query.hits import HitFilter
from store.db import records, scalar, transaction

K1, B = 1.2, 0.75
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")
ALNUM_PART = re.compile(r"[a-z]+[0-9]+|[a-z]+|[0-9]+")
PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”|(\S+)')
SNIPPET_CHARS = 60
INDEX_BATCH = 500


def normalise(text: str) -> str:
    """NFKC and lower case: full-width Ａ１００ and A100 are the same text."""
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=1)
def load_segmenter():
    """jieba, with its dictionary loaded (about half a second, once per process)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=200_000)
def _cut_han(run: str, for_search: bool) -> tuple[str, ...]:
    """jieba's words of one run of Han characters (cached: notices repeat their boilerplate sentences)."""
    jieba = load_segmenter()
    words = jieba.cut_for_search(run, HMM=False) if for_search else jieba.cut(run, HMM=False)
    return tuple(words)


def terms(text: str, for_index: bool = True) -> list[str]:
    """The search terms of a text, in order. The index side adds the parts of long words and of glued runs."""
    found: list[str] = []
    for match in WORD.finditer(normalise(text)):
        run = match.group()
        if HAN.fullmatch(run):
            found.extend(_cut_han(run, for_index))
        else:
            found.append(run)
            if for_index:
                parts = ALNUM_PART.findall(run)
                if len(parts) > 1:
                    found.extend(parts)
    return found


# --- indexing -----------------------------------------------------------------------------------

SEARCHABLE_TEXT = """
SELECT n.notice_id, coalesce(n.title, '') AS title, coalesce(n.text, '') AS text,
       coalesce((SELECT string_agg(p.text, '\n' ORDER BY d.name, p.page)
                 FROM documents d JOIN attachment_pages p USING (doc_id)
                 WHERE d.notice_id = n.notice_id AND d.kind = 'attachment'
                   AND d.doc_id IN (SELECT arg_max(doc_id, fetched_at) FROM documents
                                    WHERE notice_id = n.notice_id AND kind = 'attachment' GROUP BY url)), '') AS attachments
FROM notices n WHERE n.notice_id IN (SELECT unnest(?))
"""


def index_notices(con: duckdb.DuckDBPyConnection, notice_ids: list[str]) -> int:
    """(Re)index these notices' title, body and attachment text; return how many were indexed."""
    done = 0
    for start in range(0, len(notice_ids), INDEX_BATCH):
        batch = notice_ids[start:start + INDEX_BATCH]
        docs, postings = [], []
        first = int(scalar(con, f"SELECT nextval('search_doc_no') FROM range({len(batch)}) ORDER BY 1 LIMIT 1"))
        rows = records(con, SEARCHABLE_TEXT, [batch])
        now = datetime.now()
        for offset, row in enumerate(rows):
            body = "\n".join(part for part in (row["title"], row["text"], row["attachments"]) if part)
            counts: dict[str, int] = {}
            for term in terms(body):
                counts[term] = counts.get(term, 0) + 1
            doc_no = first + offset
            docs.append((doc_no, row["notice_id"], sum(counts.values()), normalise(body), now))
            postings.extend((term, doc_no, tf) for term, tf in counts.items())
        _replace(con, batch, docs, postings)
        done += len(rows)
    return done


def _replace(con: duckdb.DuckDBPyConnection, notice_ids: list[str], docs: list[tuple], postings: list[tuple]) -> None:
    doc_frame = pd.DataFrame(docs, columns=["doc_no", "notice_id", "length", "body", "indexed_at"])
    posting_frame = pd.DataFrame(postings, columns=["term", "doc_no", "tf"])
    old = [r[0] for r in con.execute("SELECT doc_no FROM search_docs WHERE notice_id IN (SELECT unnest(?))",
                                     [notice_ids]).fetchall()]
    with transaction(con):
        if old:  # a re-extracted notice: its old postings go (new notices skip this scan of the postings)
            con.execute("DELETE FROM search_postings WHERE doc_no IN (SELECT unnest(?))", [old])
            con.execute("DELETE FROM search_docs WHERE doc_no IN (SELECT unnest(?))", [old])
        for table, frame in (("search_docs", doc_frame), ("search_postings", posting_frame)):
            con.register("incoming_index", frame)
            try:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_index")
            finally:
                con.unregister("incoming_index")


def stale_notices(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Notices not indexed yet, or extracted again since they were indexed."""
    return [r[0] for r in con.execute(
        """SELECT n.notice_id FROM notices n LEFT JOIN search_docs s USING (notice_id)
           WHERE s.notice_id IS NULL OR s.indexed_at < n.extracted_at ORDER BY n.notice_id""").fetchall()]


def compact_index(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the postings sorted by term, so that a query reads only the row groups of its terms."""
    with transaction(con):
        con.execute("CREATE OR REPLACE TEMP TABLE sorted_postings AS SELECT * FROM search_postings ORDER BY term, doc_no")
        con.execute("DELETE FROM search_postings")
        con.execute("INSERT INTO search_postings SELECT * FROM sorted_postings")
        con.execute("DROP TABLE sorted_postings")


# --- querying -----------------------------------------------------------------------------------

@dataclass
class SearchQuery:
    """A parsed query: the terms that must all occur, and the exact phrases."""

    text: str
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        query = cls(text)
        for quoted, curly, bare in PHRASE.findall(text):
            part = quoted or curly or bare
            if quoted or curly:
                query.phrases.append(normalise(part).strip())
            query.words.append(normalise(part).strip())
            for term in terms(part, for_index=False):
                if term not in query.terms:
                    query.terms.append(term)
        return query

    def highlights(self) -> list[str]:
        """What to mark in a snippet: the phrases and the words, longest first."""
        marks = set(self.phrases) | set(self.words) | {t for t in self.terms if len(t) > 1}
        return sorted((m for m in marks if m), key=len, reverse=True)


BM25_SQL = """
WITH q AS (SELECT unnest(?::VARCHAR[]) AS term),
stats AS (SELECT count(*) AS n, avg(length) AS avgdl FROM search_docs),
matches AS (SELECT p.term, p.doc_no, p.tf FROM search_postings p SEMI JOIN q USING (term)),
df AS (SELECT term, count(*) AS df FROM matches GROUP BY term),
scored AS (
    SELECT m.doc_no,
           sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
               * m.tf * ({k1} + 1) / (m.tf + {k1} * (1 - {b} + {b} * d.length / stats.avgdl))) AS score
    FROM matches m JOIN df USING (term) JOIN search_docs d USING (doc_no) CROSS JOIN stats
    GROUP BY m.doc_no HAVING count(*) = ?
)
SELECT d.notice_id, s.score FROM scored s JOIN search_docs d USING (doc_no) {phrase_join}
"""

SCAN_SQL = """
SELECT d.notice_id,
       ({occurrences}) / (1.0 + d.length / (SELECT avg(length) FROM search_docs)) AS score
FROM search_docs d WHERE {contains}
"""


def _ranked_sql(query: SearchQuery, filters: HitFilter, scan: bool) -> tuple[str, list[object]]:
    """The SQL that ranks matching notices, filtered, and its parameters."""
    needles = query.phrases + [w for w in query.words if w not in query.phrases]
    if scan:
        contains = " AND ".join("contains(d.body, ?)" for _ in needles)
        occurrences = " + ".join("(length(d.body) - length(replace(d.body, ?, ''))) / length(?)" for _ in needles)
        ranked = SCAN_SQL.format(occurrences=occurrences, contains=contains)
        params: list[object] = [p for n in needles for p in (n, n)] + list(needles)
    else:
        phrase_join = " AND ".join("contains(d.body, ?)" for _ in query.phrases)
        ranked = BM25_SQL.format(k1=K1, b=B, phrase_join=f"WHERE {phrase_join}" if phrase_join else "")
        params = [query.terms, len(query.terms), *query.phrases]
    where, filter_params = filters.where("v")
    join = "" if filters.is_empty() else f" JOIN v_notices v USING (notice_id){where}"
    return f"SELECT r.notice_id, r.score FROM ({ranked}) r{join}", params + filter_params


def search(con: duckdb.DuckDBPyConnection, text: str, filters: HitFilter | None = None, limit: int = 20,
           scan: bool = False) -> SearchResults:
    """Notices matching a query, best first, with highlighted snippets and where each snippet sits.

    ``scan=True`` forces the plain substring scan instead of the term index.
    """
    query = SearchQuery.parse(text)
    if not query.terms and not query.phrases:
        return SearchResults(query, [], 0, "index")
    filters = filters or HitFilter()
    if not scan:
        known = scalar(con, "SELECT count(DISTINCT term) FROM search_postings WHERE term IN (SELECT unnest(?::VARCHAR[]))",
                       [query.terms])
        scan = known < len(query.terms)
    ranked, params = _ranked_sql(query, filters, scan)
    total = int(scalar(con, f"SELECT count(*) FROM ({ranked})", params))
    rows = records(
        con, f"""SELECT r.notice_id, r.score, n.title, n.published, n.buyer, n.buyer_type, n.url, n.label, n.chips,
                        n.providers, n.amount_cny, n.review
                 FROM ({ranked}) r JOIN v_notices n USING (notice_id)
                 ORDER BY r.score DESC, n.published DESC NULLS LAST, r.notice_id LIMIT {int(limit)}""", params)
    _attach_snippets(con, query, rows)
    return SearchResults(query, rows, total, "scan" if scan else "index")


@dataclass
class SearchResults:
    query: SearchQuery
    rows: list[dict]
    total: int
    method: str  # index | scan


# --- snippets -----------------------------------------------------------------------------------

def _units(con: duckdb.DuckDBPyConnection, notice_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each notice's text pieces with their place: title, body, attachment NAME p.N."""
    units: dict[str, list[tuple[str, str]]] = {i: [] for i in notice_ids}
    for row in records(con, "SELECT notice_id, title, text FROM notices WHERE notice_id IN (SELECT unnest(?))", [notice_ids]):
        units[row["notice_id"]] += [("title", row["title"] or ""), ("body", row["text"] or "")]
    for row in records(
        con, """SELECT d.notice_id, coalesce(d.name, d.url) AS name, p.page, p.text
                FROM documents d JOIN attachment_pages p USING (doc_id)
                WHERE d.notice_id IN (SELECT unnest(?)) AND d.kind = 'attachment'
                QUALIFY dense_rank() OVER (PARTITION BY d.url ORDER BY d.fetched_at DESC) = 1
                ORDER BY d.notice_id, name, p.page""", [notice_ids]):
        where = f"attachment {row['name']}" + (f" p.{row['page']}" if row["page"] else "")
        units[row["notice_id"]].append((where, row["text"] or ""))
    return units


def _attach_snippets(con: duckdb.DuckDBPyConnection, query: SearchQuery, rows: list[dict]) -> None:
    units = _units(con, [r["notice_id"] for r in rows])
    marks = query.highlights()
    for row in rows:
        row["published"] = row["published"].isoformat() if row["published"] else None
        row["chips"], row["providers"] = list(row["chips"]), list(row["providers"])
        row["score"] = round(float(row["score"]), 4)
        row["snippet"], row["where"] = snippet(units[row["notice_id"]], marks, query.phrases)


def snippet(units: list[tuple[str, str]], marks: list[str], phrases: list[str]) -> tuple[str, str]:
    """The best window of text around the marks, with every mark wrapped in ``**…**``, and where it sits.

    A unit holding a phrase beats one holding more marks; the title is the last resort.
    """
    best: tuple[tuple[int, int], str, str, int] | None = None
    for where, text in units:
        norm = normalise(text)
        if len(norm) != len(text):  # NFKC changed the length: mark on the normalised text
            text = norm
        found = [m for m in marks if m in norm]  # longest first
        if not found:
            continue
        rank = (sum(p in norm for p in phrases), len(found) - (where == "title") * 100)
        if best is None or rank > best[0]:
            best = (rank, where, text, norm.find(found[0]))
    if best is None:
        return "", ""
    _, where, text, first = best
    start = max(0, first - SNIPPET_CHARS // 2)
    end = min(len(text), first + SNIPPET_CHARS * 2)
    window = re.sub(r"\s+", " ", text[start:end])
    pattern = re.compile("|".join(re.escape(m) for m in marks), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"**{m.group()}**", window)
    return ("…" if start else "") + marked + ("…" if end < len(text) else ""), where
