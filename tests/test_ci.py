"""The GitHub workflow: valid for actionlint, and needing nothing beside the repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .documented import WORKFLOW


def test_github_workflow_passes_actionlint() -> None:
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run(
        [str(actionlint), "-no-color", str(WORKFLOW)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_workflow_needs_nothing_beside_the_repository() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "../shared" not in text and "FACTCHECK_SHARED" not in text
    assert "article_text_dir" not in text  # the committed article texts are the default
