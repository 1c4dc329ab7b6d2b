"""The command's entry point: a Ctrl-C before the CLI has been imported."""

import signal
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A real SIGINT sent to the process while it imports typer, the first of the CLI's
# libraries: the same moment as a user's Ctrl-C in a run's first second.
CTRL_C_WHILE_IMPORTING = """
import os, signal, sys

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["catalogue", "--version"]
from catalogue.entry import main
main()
"""


def _ctrl_c_as_usual() -> None:
    """A child's SIGINT as a terminal gives it, even when the tests run in a background
    job, which a shell starts with SIGINT ignored (Python then keeps it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_while_starting_ends_with_one_line_and_130():
    run = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_IMPORTING], capture_output=True, text=True,
                         timeout=120, cwd=ROOT, preexec_fn=_ctrl_c_as_usual)
    assert run.returncode == 130, run.stderr
    assert "Traceback" not in run.stderr
    assert "KeyboardInterrupt" not in run.stderr
    assert run.stderr.strip().splitlines() == ["interrupted while starting: nothing was read or written"]
    assert run.stdout == ""


def test_the_command_and_python_m_go_through_the_entry_point():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["catalogue"] == "catalogue.entry:main"
    run = subprocess.run([sys.executable, "-m", "catalogue", "--version"], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("catalogue ")
