"""OCR of page images with Tesseract ``chi_sim`` (Debian ``tesseract-ocr-chi-sim``, installed by the Makefile).

Tesseract runs as a child process, one thread (``OMP_THREAD_LIMIT=1``: ~3 s a page here instead of ~20 s).
Its Chinese output has spaces between characters; they are removed where both neighbours are CJK.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

LANGUAGES = "chi_sim+eng"
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK})[ \t]+(?={_CJK})|(?<={_CJK})[ \t]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])[ \t]+(?={_CJK})")


class OcrUnavailable(RuntimeError):
    """Tesseract or its Chinese model is not installed."""


def tesseract_ready() -> bool:
    """True when the ``tesseract`` command is on the PATH."""
    return shutil.which("tesseract") is not None


def ocr_png(png: bytes, timeout: float = 120) -> str:
    """The text Tesseract reads in a PNG image (Chinese and Latin)."""
    if not tesseract_ready():
        raise OcrUnavailable("tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    result = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGUAGES, "--psm", "6"], input=png,
                            capture_output=True, timeout=timeout, env=env)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(message[-1] if message else f"tesseract exited with {result.returncode}")
    text = result.stdout.decode("utf-8", "replace")
    return "\n".join(_CJK_GAP.sub("", line).strip() for line in text.splitlines() if line.strip())
