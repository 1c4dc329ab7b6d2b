"""Issue 19, the first hour of a new user: `python -m catalogue`, the README's commands,
the CLI's messages and exit codes, progress on one long file, `inspect`'s pictures and
`catalogue.read_items`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "samples" / "pdf"


# ---------------------------------------------------------------- python -m catalogue


def test_python_m_catalogue_is_the_cli(district_text: Path, tmp_path: Path) -> None:
    version = subprocess.run([sys.executable, "-m", "catalogue", "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("catalogue "), version.stderr
    done = subprocess.run([sys.executable, "-m", "catalogue", "extract", str(district_text), "-o", str(tmp_path), "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert pq.read_metadata(tmp_path / "district-catalogue-extracted.parquet").num_rows == 68


# ---------------------------------------------------------------- the README's commands


def _shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def test_the_readme_commands_make_their_own_venv_and_ci_runs_the_test_command() -> None:
    install, tests = (block.strip() for block in _shell_blocks((ROOT / "README.md").read_text(encoding="utf-8"))[:2])
    for command in (install, tests):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e "), command
        assert " python3 -m pip" not in command and "\n" not in command
    assert install.endswith(".venv/bin/catalogue extract samples/pdf/district-catalogue.pdf -o output/")
    assert (ROOT / "samples" / "pdf" / "district-catalogue.pdf").exists()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"TEST_COMMAND='{tests}'" in ci
    assert 'exec bash -c "$TEST_COMMAND"' in ci and "export CATALOGUE_REQUIRE_SOFFICE=1" in ci
