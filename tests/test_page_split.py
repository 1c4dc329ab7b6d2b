"""One PDF read by several processes gives what one process gives, and keeps its time limit.

The pages of a long PDF are read by worker processes (catalogue.extract.pdf.stream.read_pages)
and normalised once, in page order, in the process that asked. The committed samples
are short, so the split is forced with a low split_min_pages. The samples come from
samples/generate_pdfs.py; the expected item counts from its expected JSON.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import catalogue.batch
import catalogue.extract.pdf as pdf_module
import catalogue.extract.pdf.stream as stream_module
from catalogue.api import extract_file
from catalogue.batch import Task, run_batch, run_task
from catalogue.extract.pdf import task_layer
from catalogue.extract.pdf.readers import PlumberReader, _plumber_chars
from catalogue.extract.pdf.stream import PageTask, read_pages
from catalogue.extract.settings import ExtractSettings
from catalogue.inspect.model import CellView
from catalogue.raw import MarkBox, RawCell, RawTable
from catalogue.schemas.warnings import PAGE_UNREADABLE

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "samples" / "pdf"
SCRIPT_TIMEOUT = 300  # seconds: three extractions of a 5-page sample and two pools, on a busy machine
PID_FOLDER = "CATALOGUE_TEST_PAGE_WORKERS"  # environment variable: where hanging page workers say who they are
HANG_SECONDS = 3600
# Long enough for the file's worker to start (a fresh interpreter) and its page workers
# on a busy machine, so that the test sees them before the limit kills them.
TIME_LIMIT = 12.0


def _expected(name: str) -> dict:
    return json.loads((PDFS / name.replace(".pdf", ".expected.json")).read_text(encoding="utf-8"))


@pytest.fixture
def splits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pages each split read went to worker processes (0: it fell back to one process)."""
    seen: list[int] = []
    original = pdf_module.split_tables

    def spy(task: PageTask, numbers: list[int], notes: list, workers: int):  # type: ignore[no-untyped-def]
        stream = original(task, numbers, notes, workers)
        seen.append(len(numbers) if stream is not None else 0)
        return stream

    monkeypatch.setattr(pdf_module, "split_tables", spy)
    return seen


@pytest.mark.parametrize(
    ("name", "settings"),
    [
        ("district-catalogue.pdf", None),  # labels and rows cut by page breaks, marks
        ("district-catalogue.pdf", {"engine": "pdfplumber"}),
        ("district-catalogue.pdf", {"pages": (4, 2, 3)}),  # pages in the order asked
        ("district-text-sample.pdf", None),  # 8 pages: more than one task of pages
        ("damaged-stream.pdf", None),  # a damaged file's note and a page that cannot be read
        ("truncated.pdf", None),  # opened with a rebuilt trailer, in every worker too
    ],
)
def test_split_pages_give_the_same_extraction(name: str, settings: dict | None, splits: list[int]) -> None:
    one = extract_file(PDFS / name, settings)
    split = extract_file(PDFS / name, settings, workers=2, split_min_pages=2)
    assert splits == [len((settings or {}).get("pages") or range(one.pages))]  # the pages really went to workers
    assert split.items == one.items
    assert [item["item_no"] for item in split.items] == list(range(1, len(one.items) + 1))
    assert split.notes == one.notes
    assert split.pages == one.pages


def test_split_is_not_a_no_op() -> None:
    """The comparison above means something: the samples have items, notes and several pages."""
    district = extract_file(PDFS / "district-catalogue.pdf", workers=2, split_min_pages=2)
    expected = _expected("district-catalogue.pdf")
    assert [item["item_key"] for item in district.items] == [row["item_key"] for row in expected["rows"]]
    assert district.pages == expected["pages"] > 1
    damaged = extract_file(PDFS / "damaged-stream.pdf", workers=2, split_min_pages=2)
    assert PAGE_UNREADABLE in [note.code for note in damaged.notes]


# Run in a fresh interpreter (see tests/start_methods.py).
FORK_SCRIPT = """
import json, sys
from catalogue.api import extract_file
from start_methods import record_start_methods, someone_elses_thread

def main():
    methods = record_start_methods()
    path = sys.argv[1]
    one = extract_file(path)
    forked = extract_file(path, workers=2, split_min_pages=2)
    with someone_elses_thread():
        spawned = extract_file(path, workers=2, split_min_pages=2)
    import cv2  # OCR's: a native thread pool a forked child would lack
    native = extract_file(path, workers=2, split_min_pages=2)
    print(json.dumps({"methods": methods, "items": [len(one.items), len(forked.items), len(spawned.items)],
                      "same": forked.items == spawned.items == native.items == one.items
                              and forked.notes == spawned.notes == native.notes == one.notes}))

if __name__ == "__main__":
    main()
"""


def test_page_workers_are_forked_only_where_no_other_thread_runs(tmp_path: Path) -> None:
    """Page workers fork from the process that splits a file (nothing imported twice),
    unless a thread of someone else's runs there, which may hold a lock at the moment of
    the fork, or a library with a native thread pool is loaded (OCR's OpenCV): then they
    are spawned, and give the same extraction."""
    script = tmp_path / "fork_or_spawn.py"
    script.write_text(FORK_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(script), str(PDFS / "district-catalogue.pdf")], capture_output=True,
                          text=True, env=env, cwd=tmp_path, check=False, timeout=SCRIPT_TIMEOUT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["methods"] == ["fork", "spawn", "spawn"]
    assert result["items"][0] == len(_expected("district-catalogue.pdf")["rows"])
    assert result["same"]


# Run in a fresh interpreter: each worker pool made, with the pid that made it, its size and
# which of the pipeline's heavy imports that process had made by then, and those of the
# CLI's process at its end. The split is forced on the short sample (split_min_pages=2).
FORK_ORDER_SCRIPT = """
import functools, json, os, sys
import catalogue.batch
import catalogue.executors as executors
from catalogue.cli import app

HEAVY = ("pyarrow", "numpy", "catalogue.normalise")
real_pool = executors.ProcessPool

def pool(*args, **kwargs):
    with open(sys.argv[1], "a", encoding="utf-8") as log:
        log.write(json.dumps([os.getpid(), kwargs["max_workers"], [m for m in HEAVY if m in sys.modules]]) + "\\n")
    return real_pool(*args, **kwargs)

executors.ProcessPool = pool
catalogue.batch.run_batch = functools.partial(catalogue.batch.run_batch, split_min_pages=2)
try:
    app(sys.argv[2:], prog_name="catalogue")
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps([os.getpid(), [m for m in HEAVY if m in sys.modules]]))
"""


@pytest.mark.parametrize(
    ("files", "workers", "pools", "cli_imports"),
    [
        # The file's worker, then its page workers, are forked before the normaliser and
        # pyarrow are imported; the file's worker imports them once, the CLI never.
        (1, 2, [(1, []), (2, [])], []),
        (1, 1, [(1, [])], []),  # one worker: it imports them itself
        # Two file workers inherit them from the CLI rather than each importing them.
        (2, 2, [(2, ["pyarrow", "numpy", "catalogue.normalise"])], ["pyarrow", "numpy", "catalogue.normalise"]),
    ],
)
def test_workers_are_forked_before_the_pipeline_is_imported(
    tmp_path: Path, files: int, workers: int, pools: list[tuple[int, list[str]]], cli_imports: list[str]
) -> None:
    script, log, src, out = tmp_path / "fork_order.py", tmp_path / "pools.jsonl", tmp_path / "in", tmp_path / "out"
    script.write_text(FORK_ORDER_SCRIPT, encoding="utf-8")
    src.mkdir()
    for k in range(files):
        (src / f"{k}.pdf").write_bytes((PDFS / "district-text-sample.pdf").read_bytes())
    inputs = [str(src / "0.pdf")] if files == 1 else [str(src)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(script), str(log), "extract", *inputs, "-o", str(out), "-q",
                           "-w", str(workers)], capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
                          timeout=SCRIPT_TIMEOUT)
    assert done.returncode == 0, done.stderr
    cli_pid, cli_loaded = json.loads(done.stdout)
    made = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(size, loaded) for _, size, loaded in made] == pools
    assert made[0][0] == cli_pid and all(pid != cli_pid for pid, _, _ in made[1:])  # page workers: the file's worker's
    assert cli_loaded == cli_imports
    assert sorted(p.name for p in out.glob("*.parquet")) == [f"{k}.parquet" for k in range(files)]


WRITER_IMPORT_SCRIPT = """
import json, sys
import catalogue.normalise.items as items
from catalogue.api import extract_file

real = items.normalise_document
loaded = []

def normalise_document(tables, *args, **kwargs):
    def watched():
        yield from tables
        loaded.append("pyarrow" in sys.modules)  # the last page's tables taken: only the tail is left
    return real(watched(), *args, **kwargs)

items.normalise_document = normalise_document
extract_file(sys.argv[1], workers=int(sys.argv[2]), split_min_pages=2)
print(json.dumps(loaded))
"""


@pytest.mark.parametrize(("workers", "loaded"), [(2, True), (1, False)])
def test_a_split_file_imports_the_writers_while_its_pages_are_read(tmp_path: Path, workers: int, loaded: bool) -> None:
    """Where page workers read, the file's worker imports pyarrow before the last page's
    tables come back, so that the import overlaps their reading instead of adding to the
    serial tail; a file read in one process imports it only to write, as before."""
    script = tmp_path / "writer_import.py"
    script.write_text(WRITER_IMPORT_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(script), str(PDFS / "district-text-sample.pdf"), str(workers)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=SCRIPT_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [loaded]


def test_short_files_are_not_split(splits: list[int]) -> None:
    extract_file(PDFS / "district-catalogue.pdf", workers=2, split_min_pages=100)
    extract_file(PDFS / "district-catalogue.pdf", workers=1, split_min_pages=2)
    assert splits == []


@pytest.mark.parametrize(("pages", "workers"), [(195, 2), (151, 2), (40, 2), (8, 2), (2, 2), (100, 4)])
def test_tasks_shrink_towards_the_end(pages: int, workers: int) -> None:
    sizes = stream_module.task_sizes(pages, workers)
    assert sum(sizes) == pages and len(sizes) >= workers  # every page once; a short file still goes to every worker
    assert sizes == sorted(sizes, reverse=True) and max(sizes) <= stream_module.PAGES_PER_TASK
    assert sizes[-1] == 1  # nothing overlaps the last task: a page
    if pages >= 4 * workers * stream_module.PAGES_PER_TASK:
        assert sizes[0] == stream_module.PAGES_PER_TASK


def test_a_worker_reads_its_pages_in_order() -> None:
    task = PageTask(str(PDFS / "district-text-sample.pdf"), "s.pdf", ExtractSettings(), None, (3, 1, 2), task_layer)
    batch = read_pages(task)
    assert [table.page for table in batch.tables] == [3, 1, 2]
    # The sample's font is not embedded: pdfium reads it, as pdfminer does on page 3.
    assert batch.miner_pages == []


def test_a_worker_checks_a_font_that_is_not_embedded() -> None:
    """A worker reads the file on its own: it too gives pdfminer the pages whose font
    pdfium reads differently (the UTF-8 CMap), and reports them for the file's note."""
    task = PageTask(str(PDFS.parent / "fonts" / "cmap-UniGB-UTF8-H.pdf"), "s.pdf", ExtractSettings(), None, (1,), task_layer)
    batch = read_pages(task)
    assert batch.miner_pages == [1] and batch.miner_fonts == {"STSong-Light"}
    assert [table.page for table in batch.tables] == [1]


def _refuse(self: object) -> None:
    raise AssertionError(f"{type(self).__name__} pickled field by field")


@pytest.mark.parametrize("name", ["pdf/district-catalogue.pdf", "printed/national-fit.pdf"])
def test_a_workers_tables_go_back_whole_in_a_compact_form(samples_dir: Path, name: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """What a page worker reads reaches the process that asked as it was read (every
    field of every table, cell and mark), and its cells and marks travel as tuples of
    their fields, not through the dataclasses' own pickling (a state per object, most
    of what splitting the pages cost beyond reading them)."""
    task = PageTask(str(samples_dir / name), "s.pdf", ExtractSettings(), None, (1, 2), task_layer)
    batch = read_pages(task)
    cells = [cell for table in batch.tables for cell in table.cells]
    # The sample has what a worker sends beyond plain text: marks, spans, flags, text room.
    assert any(table.marks for table in batch.tables)
    assert any(cell.rowspan > 1 or cell.colspan > 1 for cell in cells)
    assert any(cell.flags for cell in cells) and any(cell.text_room is not None for cell in cells)
    monkeypatch.setattr(RawCell, "__getstate__", _refuse)
    monkeypatch.setattr(MarkBox, "__reduce_ex__", _refuse)
    back = pickle.loads(pickle.dumps(batch))
    assert back.tables == batch.tables
    for sent, got in zip(batch.tables, back.tables, strict=True):
        assert list(vars(got)) == list(vars(sent))  # the fields in their order
        assert [type(cell) for cell in got.cells] == [RawCell] * len(sent.cells)
        assert [vars(mark) for mark in got.marks] == [vars(mark) for mark in sent.marks]


def test_a_table_of_other_cells_is_pickled_as_it_is() -> None:
    """A subclass of RawCell (inspect's CellView) keeps its class and its own fields."""
    cell = CellView(row=0, col=0, text="主动公开", table=1, box=(1, 2, 3, 4))
    table = RawTable("s", 1, 0, 1, 1, [cell], marks=[MarkBox("☑", (1.0, 2.0, 3.0, 4.0), 0, 0)])
    back = pickle.loads(pickle.dumps(table))
    assert back == table and type(back.cells[0]) is CellView and back.cells[0].box == (1, 2, 3, 4)


# ---------------------------------------------------------------- time limit


def hang_read_pages(task: PageTask):  # type: ignore[no-untyped-def]
    """read_pages that never ends (runs in a page worker); leaves its pid for the test."""
    (Path(os.environ[PID_FOLDER]) / str(os.getpid())).touch()
    time.sleep(HANG_SECONDS)


def hung_pages_task(task: Task):  # type: ignore[no-untyped-def]
    """run_task whose page workers hang (runs in the file's worker process)."""
    stream_module.read_pages = hang_read_pages
    return run_task(task)


def test_a_split_file_keeps_its_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv(PID_FOLDER, str(pids))
    monkeypatch.setattr(catalogue.batch, "run_task", hung_pages_task)
    sample = PDFS / "district-text-sample.pdf"
    (outcome,) = run_batch([sample], tmp_path / "out", workers=2, timeout=TIME_LIMIT, split_min_pages=2)
    assert outcome.error == f"{sample}: timed out after {TIME_LIMIT:g} s"
    assert not (tmp_path / "out" / "district-text-sample.parquet").exists()
    # Both page workers were reading when the limit struck, and ended with the file's worker.
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2
    _, alive = psutil.wait_procs(_processes(workers), timeout=10)
    assert alive == []


def _processes(pids: list[int]) -> list[psutil.Process]:
    found = []
    for pid in pids:
        try:
            found.append(psutil.Process(pid))
        except psutil.NoSuchProcess:  # already gone: what the test wants
            continue
    return found


# ---------------------------------------------------------------- the pdfminer hand-over


@pytest.mark.parametrize("path", [*sorted(PDFS.glob("district-*.pdf")), PDFS / "national-catalogue.pdf",
                                  *sorted((PDFS.parent / "fonts").glob("*.pdf"))], ids=lambda p: p.name)
def test_pdfminer_characters_are_pdfplumbers(path: Path) -> None:
    """read_chars runs pdfminer without pdfplumber's per-object dictionaries and paths:
    the characters must be exactly those of pdfplumber's page.chars, on every page."""
    reader = PlumberReader(path, path.name, None)
    reference = PlumberReader(path, path.name, None)
    try:
        for number in range(1, reader.page_count + 1):
            chars = reader.read_chars(number)
            assert chars == _plumber_chars(reference.pages[number - 1])
            assert chars  # every sample page has text
    finally:
        reader.close()
        reference.close()
