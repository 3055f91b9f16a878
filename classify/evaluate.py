"""Measuring the classifier and the extractor on a labelled folder (``labels.csv`` as in the devset)."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from classify.buyer_type import buyer_type_of
from classify.inspect import BuyerTyper, Inspection, inspect_file
from classify.model import TextModel, combine
from classify.verdict import LABELS

# The devset's notice types written in our enum (a devset 'award' covers our award and deal).
NOTICE_TYPE_EQUIVALENTS = {
    "competitive_consultation": {"consultation"},
    "competitive_negotiation": {"negotiation"},
    "award": {"award", "deal"},
}


@dataclass
class Case:
    file: str
    expected: dict
    got: Inspection
    override: str | None = None  # a label from another labeller (the model, or rules + model)
    override_rule: str | None = None

    @property
    def label(self) -> str:
        if self.override:
            return self.override
        return self.got.verdict.label if self.got.verdict else "error"


@dataclass
class Evaluation:
    cases: list[Case] = field(default_factory=list)

    @property
    def confusion(self) -> Counter:
        return Counter((c.expected["label"], c.label) for c in self.cases)

    def per_label(self) -> dict[str, dict[str, float]]:
        """Precision, recall, F1 and support for each label."""
        table = {}
        for label in LABELS:
            tp = self.confusion[(label, label)]
            predicted = sum(v for (e, g), v in self.confusion.items() if g == label)
            actual = sum(v for (e, g), v in self.confusion.items() if e == label)
            precision = tp / predicted if predicted else 0.0
            recall = tp / actual if actual else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            table[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
        return table

    def misses(self) -> list[tuple[str, str, str, str]]:
        """(file, expected, got, reason) for every wrong label, and for every hit with wrong chips or providers."""
        out = []
        for c in self.cases:
            verdict = c.got.verdict
            if c.label != c.expected["label"]:
                reason = c.got.error or c.override_rule or "; ".join(_explanation(verdict.rules))
                out.append((c.file, c.expected["label"], c.label, reason))
            elif verdict and c.expected["label"] != "none" and not _right_names(c):
                out.append((c.file, _names(c.expected["chips"], c.expected["providers"]), _names(
                    ";".join(verdict.chips), ";".join(verdict.providers)), "; ".join(_explanation(verdict.rules))))
        return out

    def exact_chips_providers(self) -> tuple[int, int]:
        """Hits (by the labels) whose chips and providers are exactly right, of all hits."""
        hits = [c for c in self.cases if c.expected["label"] != "none"]
        return sum(1 for c in hits if _right_names(c)), len(hits)

    def field_accuracy(self) -> dict[str, tuple[int, int]]:
        """Right/total for buyer, buyer type, notice type and amount."""
        scores: dict[str, list[int]] = {"buyer": [0, 0], "buyer_type": [0, 0], "notice_type": [0, 0], "amount": [0, 0]}
        for c in self.cases:
            notice = c.got.notice
            exp = c.expected
            checks = {
                "buyer": notice is not None and notice.buyer == exp.get("buyer"),
                "buyer_type": c.got.buyer_type == exp.get("buyer_type"),
                "notice_type": notice is not None and notice.notice_type in NOTICE_TYPE_EQUIVALENTS.get(
                    exp.get("notice_type", ""), {exp.get("notice_type")}),
                "amount": notice is not None and _same_amount(_amount(c), exp.get("amount_cny")),
            }
            for name, ok in checks.items():
                if (name if name != "amount" else "amount_cny") in exp:
                    scores[name][0] += bool(ok)
                    scores[name][1] += 1
        return {k: (v[0], v[1]) for k, v in scores.items()}


def _amount(case: Case) -> float | None:
    """The amount a hit reports: its evidence rows' budget in an intention list, else the notice's amount."""
    verdict = case.got.verdict
    if verdict is not None and verdict.amount_cny is not None:
        return verdict.amount_cny
    return case.got.notice.amount_cny if case.got.notice else None


def _right_names(case: Case) -> bool:
    verdict = case.got.verdict
    return bool(verdict) and set(verdict.chips) == _set(case.expected["chips"]) \
        and set(verdict.providers) == _set(case.expected["providers"])


def _names(chips: str, providers: str) -> str:
    return "chips " + (chips or "-") + ", providers " + (providers or "-")


def _explanation(rules: list[str], limit: int = 4) -> list[str]:
    """The deciding rule first, then what was set aside and why, shortened."""
    return [r if len(r) <= 200 else r[:197] + "…" for r in rules[:limit]]


def _set(value: str | None) -> set[str]:
    return {v for v in (value or "").split(";") if v}


def _same_amount(got: float | None, expected: str | None) -> bool:
    if not expected:
        return got is None
    return got is not None and abs(got - float(expected)) < 0.5


def with_model(evaluation: Evaluation, model: TextModel) -> tuple[Evaluation, Evaluation]:
    """The same cases labelled by the model alone, and by the rules with the model's vetoes (classify.model)."""
    alone, together = Evaluation(), Evaluation()
    for case in evaluation.cases:
        if case.got.notice is None or case.got.verdict is None:
            alone.cases.append(case)
            together.cases.append(case)
            continue
        proba = model.proba(case.got.notice)
        best = max(proba, key=proba.get)
        alone.cases.append(replace(case, override=best, override_rule=f"model: {best} at {proba[best]:.2f}"))
        label, rule = combine(case.got.verdict, proba)
        together.cases.append(replace(case, override=label if rule else None, override_rule=rule))
    return alone, together


def evaluate(folder: Path | str, buyer_typer: BuyerTyper = buyer_type_of) -> Evaluation:
    """Inspect every file listed in ``folder/labels.csv`` and compare with its labels."""
    folder = Path(folder)
    labels = folder / "labels.csv"
    if not labels.exists():
        raise FileNotFoundError(f"no labels.csv in {folder}")
    evaluation = Evaluation()
    with labels.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            evaluation.cases.append(Case(row["file"], row, inspect_file(folder / row["file"], buyer_typer)))
    return evaluation
