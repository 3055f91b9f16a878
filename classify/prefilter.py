"""The cheap first pass: one Aho-Corasick automaton over the notice's NFKC text, whitespace removed.

Only a notice that names a restricted chip or a US provider somewhere (title, body, line items, attachment
names and pages) goes on to the NLP stage. The pass errs on the side of letting notices through: it does not
check word boundaries or context (an instrument code "KDZ-A100" passes here and is dropped later), so it
never loses a notice that the precise stage would have labelled.
"""

from __future__ import annotations

import re
import unicodedata

import ahocorasick

from classify.lexicon import Lexicon
from classify.text import raw_texts
from extract.records import Notice

_WHITESPACE = re.compile(r"\s+")


class Prefilter:
    """Finds the trigger terms of a lexicon in a notice, fast."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.automaton = ahocorasick.Automaton()
        for term in lexicon.trigger_terms():
            key = term.replace(" ", "")
            self.automaton.add_word(key, key)
        self.automaton.make_automaton()

    def terms(self, notice: Notice) -> set[str]:
        """The trigger terms found anywhere in the notice (empty: not a candidate)."""
        return {term for _, term in self.automaton.iter(_scan_text(notice))}

    def is_candidate(self, notice: Notice) -> bool:
        """Does any trigger term appear anywhere in the notice?"""
        return next(self.automaton.iter(_scan_text(notice)), None) is not None


def _scan_text(notice: Notice) -> str:
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", "\n".join(raw_texts(notice))).upper())
