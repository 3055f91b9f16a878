"""The trained component: a scikit-learn logistic regression over TF-IDF of jieba tokens.

jieba gets the lexicon as user dictionary first (its default dictionary splits 英伟达 and 亚马逊云科技), and
reads normalised text. The model is trained on synthetic notices (classify.synth) with a fixed seed and shipped
as plain JSON (vocabulary, idf, coefficients: no pickle), so loading it needs only numpy.

Whether it earns a place next to the rules is measured by ``tenderwatch eval DIR --model``: it may veto a rule
hit it is sure is nothing, or change the kind of hit when it is sure. The rules' evidence stays the
explanation either way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from classify.lexicon import Lexicon, default_lexicon
from classify.text import normalise
from classify.verdict import LABELS, Verdict
from extract.records import Notice

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "textcat.json"
SURE = 0.9  # the model overrules the rules only when it is at least this sure
_TOKEN = re.compile(r"[\w\u4e00-\u9fff]")


_TOKENIZERS: dict[int, object] = {}


def _tokenizer(lexicon: Lexicon):
    if id(lexicon) in _TOKENIZERS:
        return _TOKENIZERS[id(lexicon)]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    terms = set(lexicon.entities) | {w for words in lexicon.words().values() for w in words}
    for term in terms:  # user words before any cut (TECH-NOTES: words added later are not seen by earlier uses)
        if " " not in term:
            tokenizer.add_word(term, freq=2000)
    _TOKENIZERS[id(lexicon)] = tokenizer
    return tokenizer


def notice_text(notice: Notice) -> str:
    """What the model reads: the title twice (it says most), the line items and the body, normalised."""
    parts = [notice.title or "", notice.title or ""]
    parts += [" ".join(p for p in (i.name, i.spec) if p) for i in notice.all_line_items()]
    parts += [notice.text or "", *(p.text for att in notice.attachments for p in att.pages)]
    return normalise("\n".join(parts)[:20000])[0]


def tokens(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """jieba tokens of normalised text, without spaces and punctuation."""
    cut = _tokenizer(lexicon or default_lexicon()).lcut(text, HMM=False)
    return [t for t in cut if _TOKEN.search(t)]


@dataclass
class TextModel:
    """A linear text classifier: TF-IDF weights and one coefficient row per label."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]
    meta: dict

    def proba(self, notice: Notice) -> dict[str, float]:
        """The probability of each label for a notice."""
        counts: dict[int, int] = {}
        for token in tokens(notice_text(notice)):
            j = self.vocabulary.get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        x = np.zeros(len(self.vocabulary))
        for j, c in counts.items():
            x[j] = (1 + np.log(c)) * self.idf[j]
        norm = np.linalg.norm(x)
        if norm:
            x /= norm
        scores = self.coef @ x + self.intercept
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def save(self, path: Path | str = MODEL_PATH) -> None:
        terms = sorted(self.vocabulary, key=self.vocabulary.get)
        Path(path).write_text(json.dumps({
            "meta": self.meta, "classes": self.classes, "vocabulary": terms,
            "idf": [round(v, 5) for v in self.idf.tolist()],
            "coef": [[round(v, 5) for v in row] for row in self.coef.tolist()],
            "intercept": [round(v, 5) for v in self.intercept.tolist()],
        }, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> TextModel:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(vocabulary={t: i for i, t in enumerate(raw["vocabulary"])}, idf=np.array(raw["idf"]),
                   coef=np.array(raw["coef"]), intercept=np.array(raw["intercept"]), classes=raw["classes"],
                   meta=raw["meta"])


def train(seed: int = 0, count: int = 3000) -> tuple[TextModel, dict]:
    """Train on ``count`` synthetic notices of seed ``seed``; returns the model and its held-back accuracy."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from classify.synth import NoticeGenerator

    samples = NoticeGenerator(seed).labelled(count)
    docs = [tokens(notice_text(s.notice)) for s in samples]
    labels = [s.label for s in samples]
    split = int(len(docs) * 0.8)
    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True, min_df=2)
    x_train = vectorizer.fit_transform(docs[:split])
    classifier = LogisticRegression(C=4.0, max_iter=2000, random_state=seed)
    classifier.fit(x_train, labels[:split])
    accuracy = float(classifier.score(vectorizer.transform(docs[split:]), labels[split:]))
    model = TextModel(vocabulary={t: int(i) for t, i in vectorizer.vocabulary_.items()}, idf=vectorizer.idf_,
                      coef=classifier.coef_, intercept=classifier.intercept_, classes=list(classifier.classes_),
                      meta={"seed": seed, "count": count, "held_back_accuracy": round(accuracy, 4),
                            "features": "tf-idf of jieba tokens (lexicon as user words)",
                            "classifier": "LogisticRegression(C=4.0)"})
    return model, model.meta


def combine(verdict: Verdict, proba: dict[str, float]) -> tuple[str, str | None]:
    """The label of rules and model together, and the rule that fired when the model changed it."""
    best = max(proba, key=proba.get)
    if verdict.is_hit and best == "none" and proba["none"] >= SURE:
        return "none", f"model veto: none at {proba['none']:.2f}"
    if verdict.is_hit and best != verdict.label and best in LABELS and proba[best] >= SURE:
        return best, f"model: {best} at {proba[best]:.2f}"
    return verdict.label, None


@lru_cache(maxsize=1)
def default_model() -> TextModel:
    """The shipped model (data/textcat.json)."""
    return TextModel.load()
