"""A researcher's judgement on a notice, kept across re-classification, and the classifier measured against it.

``review`` writes one row of the ``reviews`` table (the only table this package writes besides the search
index). Classification never touches reviews, so a judgement outlives every new classifier version;
``agreement`` compares the current verdicts with the reviewed labels.
"""

from __future__ import annotations

import getpass
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from store.db import records, transaction

LABELS = ("remote_access", "hardware_purchase", "none")


class ReviewError(ValueError):
    """A review that cannot be recorded, explained in one line."""


def review(con: duckdb.DuckDBPyConnection, notice_id: str, confirm: bool, note: str | None = None,
           label: str | None = None, reviewer: str | None = None) -> dict:
    """Record that a notice's verdict is right (confirm) or wrong (reject), and what the notice really is.

    Confirming a hit keeps its label; confirming a notice that is not a hit needs ``label`` (the classifier
    missed it). Rejecting a hit means 'none' unless ``label`` names the other hit label. Returns the stored row.
    """
    current = records(con, "SELECT label FROM v_notices WHERE notice_id = ?", [notice_id])
    if not current:
        raise ReviewError(f"no notice {notice_id!r}; see 'tenderwatch hits' or 'tenderwatch search' for ids")
    if label is not None and label not in LABELS:
        raise ReviewError(f"label must be one of {', '.join(LABELS)}, not {label!r}")
    hit_label = current[0]["label"]
    if confirm:
        if hit_label == "none" and label in (None, "none"):
            raise ReviewError(f"{notice_id} is not a hit: confirm it with --label remote_access or hardware_purchase, "
                              "or --reject it")
        if hit_label != "none" and label not in (None, hit_label):
            raise ReviewError(f"{notice_id} is a {hit_label} hit; to say it is {label}, use --reject --label {label}")
        label = hit_label if hit_label != "none" else label
    else:
        label = label or "none"
        if label == hit_label:
            raise ReviewError(f"rejecting {notice_id} as {label} is what the classifier already says; use --confirm")
    row = {"notice_id": notice_id, "decision": "confirmed" if confirm else "rejected", "label": label,
           "hit_label": hit_label, "note": note, "reviewer": reviewer or _user(), "reviewed_at": datetime.now()}
    with transaction(con):
        con.execute("DELETE FROM reviews WHERE notice_id = ?", [notice_id])
        con.execute("INSERT INTO reviews (notice_id, decision, label, hit_label, note, reviewer, reviewed_at) "
                    "VALUES ($notice_id, $decision, $label, $hit_label, $note, $reviewer, $reviewed_at)", row)
    return row


def _user() -> str:
    try:
        return getpass.getuser()
    except OSError:
        return "unknown"


@dataclass
class Agreement:
    """The classifier's current verdicts against the researchers' reviewed labels."""

    confusion: Counter = field(default_factory=Counter)  # (reviewed label, current label) -> count
    disagreements: list[dict] = field(default_factory=list)

    @property
    def reviewed(self) -> int:
        return sum(self.confusion.values())

    def per_label(self) -> dict[str, dict[str, float]]:
        """Precision, recall, F1 and support of each label, taking the reviews as the truth."""
        from sklearn.metrics import precision_recall_fscore_support

        pairs = list(self.confusion.elements())
        truth, predicted = [want for want, _ in pairs], [got for _, got in pairs]
        precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=list(LABELS),
                                                                         zero_division=0)
        return {label: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                        "support": int(support[i])} for i, label in enumerate(LABELS)}


def agreement(con: duckdb.DuckDBPyConnection) -> Agreement:
    """Compare every reviewed notice's current label with the label its review gives it."""
    result = Agreement()
    rows = records(con, """SELECT r.notice_id, r.label AS reviewed, n.label AS current, r.hit_label, r.note,
                                  n.classifier_version, n.title
                           FROM reviews r JOIN v_notices n USING (notice_id)
                           WHERE r.label IS NOT NULL ORDER BY r.notice_id""")
    for row in rows:
        result.confusion[(row["reviewed"], row["current"])] += 1
        if row["reviewed"] != row["current"]:
            result.disagreements.append(row)
    return result
