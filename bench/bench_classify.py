"""Classifier throughput on one core: a mixed corpus (1% candidates, like a portal's stream) and candidates only.

Notices are generated (classify.synth) and built before the clock starts; the figure is ``classify(notice)``
alone, in one process and one thread. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import os
import resource
import time

MIXED = 20_000
CANDIDATES = 1_000
FILLER = (60, 120)  # boilerplate sentences per notice: ~1,500-3,000 characters, like a real notice's text


def _rate(notices: list, classify) -> tuple[float, int]:
    start = time.perf_counter()
    hits = sum(classify(n).is_hit for n in notices)
    return len(notices) / (time.perf_counter() - start), hits


def _long(notices: list) -> list:
    """The same notices with their text repeated to ~10,000 characters, as with a long attachment."""
    from dataclasses import replace

    return [replace(n, text=(n.text + "\n") * (10_000 // max(len(n.text), 1) + 1)) for n in notices]


def main() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from classify.rules import classify, default_classifier
    from classify.synth import NoticeGenerator

    start = time.perf_counter()
    classifier = default_classifier()
    classify(NoticeGenerator(99).remote_chip(), classifier)  # spaCy's first call builds its tables
    print(f"set-up (lexicon, automaton, spaCy pipeline): {time.perf_counter() - start:.2f} s")

    generator = NoticeGenerator(seed=7, filler=FILLER)
    mixed = list(generator.mixed(MIXED, candidate_share=0.01))
    candidates = [s.notice for s in generator.labelled(CANDIDATES * 2)
                  if classifier.prefilter.is_candidate(s.notice)][:CANDIDATES]
    chars = sum(len(n.text) + len(n.title or "") for n in mixed) / len(mixed)
    prefiltered = sum(classifier.prefilter.is_candidate(n) for n in mixed)

    rate, hits = _rate(mixed, lambda n: classify(n, classifier))
    print(f"mixed corpus: {len(mixed)} notices (~{chars:.0f} characters each), {prefiltered} pass the pre-filter, "
          f"{hits} hits: {rate:,.0f} notices/s")
    for name, notices in (("candidates only", candidates), ("long candidates", _long(candidates[:200]))):
        size = sum(len(n.text) for n in notices) / len(notices)
        rate, hits = _rate(notices, lambda n: classify(n, classifier))
        print(f"{name}: {len(notices)} notices (~{size:,.0f} characters each), {hits} hits: {rate:,.0f} notices/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
