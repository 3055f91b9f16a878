"""What the classifier says of a notice: a label, a score, chips, providers and quoted evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

CLASSIFIER_VERSION = "0.6.0"
LABELS = ("remote_access", "hardware_purchase", "none")
HIT_LABELS = ("remote_access", "hardware_purchase")


@dataclass
class Evidence:
    """A quoted sentence and where it sits: title, body, line item N, or attachment NAME p.K."""

    text: str
    where: str


@dataclass
class Verdict:
    label: str = "none"
    score: float = 0.0
    chips: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    candidate: bool = False
    # for a notice that lists several projects (an intention list), the budget of the rows the evidence sits in
    amount_cny: float | None = None
    version: str = CLASSIFIER_VERSION

    @property
    def is_hit(self) -> bool:
        return self.label in HIT_LABELS

    def contract_dict(self) -> dict:
        """The verdict as the ``inspect --json`` contract shows it."""
        return {
            "label": self.label,
            "score": round(self.score, 3),
            "chips": self.chips,
            "providers": self.providers,
            "evidence": [{"text": e.text, "where": e.where} for e in self.evidence],
            "amount_cny": self.amount_cny,
        }
