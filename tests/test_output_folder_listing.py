"""OutputFolder.shared_outputs answers from a count of the names every record lists,
kept up to date by each change the folder makes to its manifest. The answer must be
the one a walk over every record gives, after every kind of change."""

from __future__ import annotations

from pathlib import Path

from catalogue.output.folder import OutputFolder, input_key
from catalogue.output.manifest import FileRecord, Manifest


def _walked(folder: OutputFolder, record: FileRecord) -> set[str]:
    mine = set(record.outputs) | set(record.pending)
    return {name for key, other in folder.manifest.files.items() if key != record.path
            for name in (*other.outputs, *other.pending) if name in mine}


def _check(folder: OutputFolder) -> None:
    for record in list(folder.manifest.files.values()):
        assert folder.shared_outputs(record) == _walked(folder, record), record.path


def test_shared_outputs_follow_every_change_of_the_manifest(tmp_path: Path) -> None:
    a, b, c = (tmp_path / name for name in ("a.pdf", "b.pdf", "c.pdf"))
    for path in (a, b, c):
        path.write_bytes(b"%PDF-1.4\n")
    # Two records of an earlier version that both list cat.csv (stems that collided).
    files = {
        input_key(a): FileRecord(path=input_key(a), stem="cat", source="a.pdf", outputs=["cat.csv", "cat.parquet"]),
        input_key(b): FileRecord(path=input_key(b), stem="cat", source="b.pdf", outputs=["cat.csv"]),
    }
    folder = OutputFolder(tmp_path / "out", Manifest(files=files))
    assert folder.shared_outputs(files[input_key(a)]) == {"cat.csv"}
    _check(folder)

    # c's worker is sent to write cat.csv too: pending names count as listed.
    folder.expect(c, "cat", "c.pdf", ("csv",), "")
    assert folder.shared_outputs(folder.manifest.files[input_key(b)]) == {"cat.csv"}
    _check(folder)

    # c's worker stopped before its outcome: its pending note is taken back.
    folder.abandon(c)
    assert input_key(c) not in folder.manifest.files
    _check(folder)

    # a is extracted again under its own stem: cat.csv is b's alone now.
    folder.record(FileRecord(path=input_key(a), stem="a", source="a.pdf", outputs=["a.csv"]))
    assert folder.shared_outputs(folder.manifest.files[input_key(b)]) == set()
    _check(folder)

    # A record not in the manifest under its key is compared with every record there.
    stranger = FileRecord(path=str(tmp_path / "d.pdf"), stem="x", outputs=["a.csv", "cat.csv", "x.csv"])
    assert folder.shared_outputs(stranger) == {"a.csv", "cat.csv"} == _walked(folder, stranger)

    # b is gone: its record leaves and lists nothing more.
    b.unlink()
    folder.drop_missing()
    assert input_key(b) not in folder.manifest.files
    assert folder.shared_outputs(stranger) == {"a.csv"}
    _check(folder)

    # b's name comes back as a pipe-like entry that is skipped: a skipped record lists nothing.
    folder.skip(b, "b.pdf", "not a regular file")
    _check(folder)
