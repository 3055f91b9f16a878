"""The journalists' notebooks run top to bottom on the demo database, and are committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import DEMO_HITS, DEMO_NOTICES

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_the_three_notebooks() -> None:
    assert [n.name for n in NOTEBOOKS] == ["1_hits_explorer.ipynb", "2_buyer_profiles.ipynb", "3_trends.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_have_no_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs before committing"
    assert notebook.cells[0].cell_type == "markdown"  # each opens by saying what it shows


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_demo_database(path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENDERWATCH_DB", str(demo_db))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()  # raises on any cell error
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert str(demo_db) in text  # it read the database it was pointed at
    assert not [o for o in outputs if o.output_type == "error"]
    if path.stem == "1_hits_explorer":
        days = [DEMO_NOTICES[notice_id].day for notice_id in DEMO_HITS]
        assert f"{len(DEMO_HITS)} hits from {min(days)} to {max(days)}" in text and "附件1：采购需求书.pdf p.2" in text
    if path.stem == "3_trends":
        assert sum("image/png" in o.get("data", {}) for o in outputs) >= 4  # the charts were drawn
