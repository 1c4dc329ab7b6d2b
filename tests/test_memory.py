"""Memory an extraction keeps (issue 23): the record of decisions only where it is
asked for, the same items without it, and no row or cell held once its item is made."""

from __future__ import annotations

from pathlib import Path

import pytest

import catalogue.normalise.rows as rows_module
from catalogue.api import extract_file, write_extraction
from catalogue.output.formats import PROVENANCE

# One input of each kind whose items the record-keeping path builds with the steps across
# items: page breaks (a label cut, a merged cell carried), fill-down, dittos, junk notes.
SAMPLES = (
    "office/district.xlsx",
    "office/national.xlsx",
    "office/word-checkboxes.docx",
    "html/county-web-page.html",
    "pagebreaks/cut-label-span.pdf",
    "word/dF_labelcut.pdf",
    "printed/national-strips-auto.pdf",
    "junk/header-word-labels.tsv",
    "district-catalogue-extracted.txt",
)


@pytest.mark.parametrize("name", SAMPLES)
def test_the_same_items_without_the_record(samples_dir: Path, name: str) -> None:
    kept = extract_file(samples_dir / name)
    lean = extract_file(samples_dir / name, record=False)
    assert kept.record is not None and kept.record.items
    assert lean.record is None
    assert lean.items == kept.items
    assert [(n.page, n.code, n.message) for n in lean.notes] == [(n.page, n.code, n.message) for n in kept.notes]


def test_no_provenance_from_an_extraction_without_its_record(samples_dir: Path, tmp_path: Path) -> None:
    lean = extract_file(samples_dir / "office" / "district.xlsx", record=False)
    with pytest.raises(ValueError, match="without its record"):
        write_extraction(lean, tmp_path, "district", ("csv", PROVENANCE))
    assert list(tmp_path.iterdir()) == []  # refused before anything is written


@pytest.mark.parametrize("name", ["pagebreaks/cut-label-span.pdf", "word/dF_labelcut.pdf", "printed/national-fit.pdf"])
def test_marks_are_read_for_the_record_only(samples_dir: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each drawn mark's record (its state and the option it stands for) is made only
    where the record is kept: the items do not use it."""
    kept = extract_file(samples_dir / name)
    assert kept.record is not None and any(item.marks for item in kept.record.items)  # the sample has drawn marks
    read: list[object] = []
    real = rows_module.cell_marks

    def cell_marks(*args):  # type: ignore[no-untyped-def]
        read.append(args)
        return real(*args)

    monkeypatch.setattr(rows_module, "cell_marks", cell_marks)
    lean = extract_file(samples_dir / name, record=False)
    assert read == []
    assert lean.items == kept.items
