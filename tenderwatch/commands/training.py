"""Training the classifier's text model: ``tenderwatch train``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tenderwatch.options import UserError, out

app = typer.Typer()


@app.command()
def train(
    seed: Annotated[int, typer.Option(help="Seed of the synthetic corpus and of the solver: same seed, same file.")] = 0,
    count: Annotated[int, typer.Option(help="How many synthetic notices to generate (80% train, 20% held back).")] = 3000,
    output: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default data/textcat.json).")] = None,
) -> None:
    """Train the text model (TF-IDF of jieba tokens + logistic regression) on generated notices.

    The rules stay the classifier; `tenderwatch eval DIR --model` measures whether the model would help.

    Example: tenderwatch train --seed 0 --count 3000
    """
    from classify.model import MODEL_PATH
    from classify.model import train as train_model

    if count < 50:
        raise UserError("--count must be at least 50")
    model, meta = train_model(seed=seed, count=count)
    path = output or MODEL_PATH
    model.save(path)
    out.print(f"trained on {count} synthetic notices (seed {seed}): held-back accuracy {meta['held_back_accuracy']:.3f}, "
              f"{len(model.vocabulary)} features -> {path}")
