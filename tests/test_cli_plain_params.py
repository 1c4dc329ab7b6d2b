"""The CLI's values coerced without pydantic (usage.PlainParam) come out as typer's own
coercion gives them, for every parameter of every command, and a plain run of
`catalogue extract` imports no pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import Context
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from catalogue.cli import app
from catalogue.usage import PlainParam

ROOT = Path(__file__).resolve().parent.parent

# What a command line (or a default, or the environment) can hand a parameter: plain
# values, and values only typer's adapter answers (errors, odd spellings, other types).
VALUES: list[Any] = [
    None, "", "x", "auto", "AUTO", "pdfium", "Pdfium", "zh", "en", "json", "local", "dask",
    "0", "1", "2", "007", "-1", " 3", "3.0", "1.5", "0.25", ".5", "1e3", "nan", "1_000", "٣",
    0, 1, 2, 600.0, 1.5, True, False, b"x",
    "a.pdf", "out/", "-", "a\x00b", Path("a.pdf"), Path("."),
    ("a.pdf", "b.pdf"), ["parquet,csv"], ("csv", "x"), (),
]


def _params() -> list[tuple[str, Any, _TyperParameter]]:
    group = typer.main.get_command(app)
    found = []
    for name, command in [("catalogue", group), *sorted(group.commands.items())]:  # type: ignore[attr-defined]
        for param in command.get_params(Context(command)):
            if isinstance(param, _TyperParameter):
                found.append((f"{name} {param.name}", command, param))
    return found


def _outcome(coerce: Any, value: Any, param: _TyperParameter, ctx: Context) -> tuple[str, Any]:
    try:
        result = coerce(value, param=param, ctx=ctx)
    except Exception as error:  # the error itself is what is compared
        return "error", (type(error).__name__, str(error))
    return "value", (type(result).__name__, result)


PARAMS = _params()


@pytest.mark.parametrize(("command", "param"), [p[1:] for p in PARAMS], ids=[p[0] for p in PARAMS])
def test_plain_coercion_gives_what_typer_gives(command: Any, param: _TyperParameter) -> None:
    ctx = Context(command)
    plain = param.get_runtime_param()
    assert isinstance(plain, PlainParam), "typer's coercion is not replaced"
    full = build_runtime_param(param.type_descriptor)
    for value in VALUES:
        assert _outcome(plain.coerce, value, param, ctx) == _outcome(full.coerce, value, param, ctx), value


def test_a_plain_run_imports_no_pydantic(samples_dir: Path, tmp_path: Path) -> None:
    page = samples_dir / "html" / "county-web-page.html"
    code = (
        "import sys\n"
        "from catalogue.cli import app\n"
        f"sys.argv = ['catalogue', 'extract', {str(page)!r}, '-o', {str(tmp_path)!r}, '-q', '-w', '1',\n"
        "            '--labels', 'zh', '--timeout', '120', '-f', 'parquet,csv', '--ocr', 'never']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as stop:\n"
        "    print(stop.code, 'pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split() == ["0", "False"], done.stderr
    assert (tmp_path / f"{page.stem}.parquet").stat().st_size > 0
