"""The owner of an output folder: what it holds and who wrote it.

Every run, of one file or of a folder, goes through an OutputFolder, so one set of
rules keeps the data team's folder trustworthy:

- **One run at a time** (the lock), and the manifest is read under the lock.
- **What the folder holds** is what its manifest says: for each input (by absolute
  path) its stem, its outputs and its partition of the items/ dataset. Only those
  files are ever replaced or removed, and a link is never followed when they are.
- **One stem, one source.** A stem the manifest gives to one input is never taken by
  another; a re-run replaces every output of the stem, and removes the formats it no
  longer writes, so no two runs or sources ever mix under one name.
- **Never an input.** An output path that is an input (the same file, a hard link or a
  link to it) is refused, and so is a path holding a file the tool did not write.
  The folder itself, and every output it lists, is never read as an input.
- **Nothing kept of a file that is gone.** An input whose file is no longer there (or
  is no longer a regular file) has its outputs and partition removed and leaves the
  manifest, unless the run keeps them (keep_missing).
- **Names that fit.** Stems and partition names are cut to what a file system takes
  (a readable prefix and a short hash), and every name read back from a manifest is
  checked to be one plain path component.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import html
import os
import re
import stat
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from catalogue.errors import CatalogueError
from catalogue.output.formats import ALL_FORMATS, PARTITION_PREFIX, PROVENANCE, SHEET_TITLE
from catalogue.output.manifest import (
    DATASET_DIR,
    MANIFEST_NAME,
    PARTITION_KEY,
    FileRecord,
    Manifest,
    load_manifest,
    lock_output,
    save_manifest,
)
from catalogue.output.temp import make_temp
from catalogue.schemas.contract import COLUMNS, LABELS, META_SHA256

if TYPE_CHECKING:
    import pyarrow as pa

# Most file systems take names of up to 255 bytes. A stem leaves room for the longest
# name made from it: the temporary ".<stem>.XXXXXXXX.provenance.parquet.part" (35 bytes
# more), so it may take 200 bytes (66 Han characters in UTF-8).
STEM_MAX_BYTES = 200
# A partition folder is "file=" and the stem percent-encoded (9 bytes a Han character):
# cut to this, a 28-character Han stem would not fit whole.
PARTITION_MAX_BYTES = 200
HASH_CHARS = 10  # of the SHA-256 of the whole name, after a cut prefix: unique enough for one folder
TEMP_NAME_CHARS = 8  # length of the random part of tempfile.mkstemp's names
PARTITION_FILE = "data.parquet"
# Why a run stops when its folder's path no longer leads to the folder it locked.
FOLDER_MOVED = ("the output folder is no longer the folder this run began writing to (moved, renamed or replaced "
                "during the run); nothing more is written there: run again into the folder where it is now")


def absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop resolves to nothing
        return path.absolute()


def input_key(path: Path) -> str:
    """An input's key in the manifest: its absolute path as it was given, links not
    followed (a linked file by its own name, a file in a linked folder through that
    folder), so a link re-pointed at another version stays one input whose outputs
    follow its current target."""
    return os.path.abspath(path)


def utf8_name(path: Path) -> bool:
    """Whether the path (as the manifest would record it) is UTF-8 text: a name of other
    bytes reaches Python as lone surrogates, which no JSON or Parquet text may hold."""
    try:
        input_key(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable_name(path: Path) -> str:
    """A path for a message, its bytes that are not UTF-8 shown as \\xNN."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def fit_name(name: str, limit: int, encode: bool = False) -> str:
    """`name` (percent-encoded when `encode`) within `limit` bytes: as it is when it
    fits, else its longest prefix that fits before "~" and a hash of the whole name."""

    def size(text: str) -> int:
        return len(quote(text, safe="") if encode else text.encode("utf-8"))

    if size(name) <= limit:
        return name
    tag = "~" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:HASH_CHARS]
    cut = len(name)
    while cut > 0 and size(name[:cut] + tag) > limit:
        cut -= 1
    return name[:cut] + tag


def plain_component(name: str) -> bool:
    """A single path component that names something inside the folder."""
    return bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name and "\0" not in name


@dataclass
class Removed:
    """An input that is gone, whose outputs left the folder (or were kept)."""

    path: str
    source: str
    items: int
    kept: bool = False
    error: str | None = None  # an output that could not be removed
    unreadable: str | None = None  # not gone: it could not be looked at (why); its outputs stay
    left: bool = False  # its file is there, but it is no longer an input (drop_missing's `left`)


@dataclass
class OutputFolder:
    """An output folder held for one run (see `OutputFolder.open`)."""

    path: Path
    manifest: Manifest = field(default_factory=Manifest)
    dataset: bool = False  # keep the items/ dataset (folder batches, --manifest, a folder that has one)
    had_manifest: bool = False  # the folder held a manifest when the run began
    wrote_manifest: bool = False  # this run saved one
    # The folder locked, as (device, inode): a folder renamed during the run keeps the lock
    # and the manifest, and a run that followed its path would make a new one there.
    held: tuple[int, int] | None = None
    # How many records list each output name, kept up to date by every change of the
    # manifest made here, so that asking per file whether its outputs are shared does
    # not walk every record (a folder of thousands of files).
    _listed: Counter[str] | None = field(default=None, init=False, repr=False)

    # ------------------------------------------------------------------ opening

    @classmethod
    @contextmanager
    def open(cls, path: Path, *, dataset: bool = False) -> Iterator[OutputFolder]:
        """Lock the folder and read its manifest under the lock (a run that waited for
        another sees what that one recorded). Raises CatalogueError in one line when
        the folder cannot be used or its manifest is not sound."""
        if path.exists() and not path.is_dir():
            raise CatalogueError("the output folder is a file; name a folder (it is created if missing)", source=str(path))
        inside = _dataset_around(path)
        if inside is not None:
            raise CatalogueError(f"the output folder lies inside the items/ dataset of the output folder {inside}; "
                                 "choose another output folder with -o", source=str(path))
        with lock_output(path):
            had = (path / MANIFEST_NAME).exists()
            manifest = load_manifest(path)
            check_manifest(manifest, path)
            _relocate(manifest, path)
            # A folder that keeps the items/ dataset keeps it in every run into it: a file
            # re-extracted on its own replaces its partition rather than drop it.
            dataset = dataset or any(record.partition for record in manifest.files.values())
            if dataset:
                _check_dataset_folder(path)
            yield cls(path, manifest, dataset, had, held=identity(path))

    # ------------------------------------------------------------------ what is ours

    def moved(self) -> bool:
        """Whether the folder's path no longer leads to the folder this run locked."""
        return self.held is not None and identity(self.path) != self.held

    def outputs_of(self, record: FileRecord) -> list[Path]:
        return [self.path / name for name in record.outputs]

    def pending_of(self, record: FileRecord) -> list[Path]:
        return [self.path / name for name in record.pending]

    # ------------------------------------------------------------------ work in flight

    def expect(self, path: Path, stem: str, source: str, formats: tuple[str, ...], partition: str) -> None:
        """Note, before a worker writes them, the outputs and partition it may write for
        `path` that its record does not list yet, so that the manifest (saved before
        the worker starts) accounts for them whatever ends the run: a run that stops
        takes them back (abandon); one killed outright leaves them to the next, which
        replaces them or, when the input is gone, removes them."""
        key = input_key(path)
        record = self.manifest.files.get(key)
        if record is None:
            record = FileRecord(path=key, stem=stem, source=source, status="pending")
            self.manifest.files[key] = record
        self._unlist(record)
        # What a run killed outright noted and never recorded stays noted with this run's
        # (its outputs of other formats may be there): the outcome replaces or removes it.
        noted = [*record.pending, *(f"{stem}.{fmt}" for fmt in formats)]
        record.pending = [name for name in dict.fromkeys(noted) if name not in record.outputs]
        record.pending_partition = partition if partition != record.partition else ""
        self._list(record)

    def abandon(self, path: Path) -> str | None:
        """Take back what a worker stopped before its outcome was recorded may have
        written: the outputs and partition only its pending note names (what its
        record already listed stays listed). The first problem, in one line, or None."""
        key = input_key(path)
        record = self.manifest.files.get(key)
        if record is None or self.moved():
            return None  # what is at the path now is not this run's folder: nothing there is touched
        problem = None
        for target in self.pending_of(record):
            # A file saved since at a name a killed run noted is not ours (as in remove_outputs).
            if still_ours(target):
                problem = problem or _unlink(target)
        if record.pending_partition:
            problem = problem or self.remove_partition(record.pending_partition)
        self._unlist(record)
        record.pending, record.pending_partition = [], ""
        if record.status == "pending":
            del self.manifest.files[key]  # never extracted: nothing of it is left
        else:
            self._list(record)
        return problem

    # ------------------------------------------------------------------ stems

    def assign_stems(self, paths: list[Path], formats: tuple[str, ...] = ALL_FORMATS) -> dict[Path, str]:
        """<stem> for each input; the stem the manifest gives an input stays its own, no
        other input takes it, and inputs that share a stem get the suffix kept apart."""
        known = {key: record.stem for key, record in self.manifest.files.items() if record.stem}
        # An input that sits in this folder under the name of an output this run writes
        # (a sheet saved as 目录.csv, read with -o .) keeps its stem from every new input,
        # itself included: its outputs go under another (目录-csv), rather than be
        # refused for landing on it, even where an earlier run recorded that stem.
        here = absolute(self.path)
        taken = {path.stem for path in paths
                 if path.suffix.lower().lstrip(".") in formats and absolute(path.parent) == here}
        return output_stems(paths, known, taken)

    def refusal(self, path: Path, stem: str, formats: tuple[str, ...], inputs: set[tuple[int, int]]) -> str | None:
        """Why `path` may not write <stem>.<format> for `formats` (None: it may). Never
        over an input (`inputs`: the run's inputs by identity, the same file whether
        named, hard-linked or linked), never over a file this tool did not write."""
        record = self.manifest.files.get(input_key(path))
        ours = ({absolute(p) for p in self.outputs_of(record) + self.pending_of(record)}
                if record is not None and record.stem == stem else set())
        for fmt in formats:
            target = self.path / f"{stem}.{fmt}"
            try:
                info = os.lstat(target)
            except FileNotFoundError:
                continue
            except OSError as error:
                return f"cannot use output {target}: {error.strerror or error}"
            if identity(target) in inputs:
                return (f"output {target} is an input of this run; it is never overwritten "
                        "(choose another output folder with -o)")
            if stat.S_ISLNK(info.st_mode):
                continue  # a link is replaced, never followed
            if not stat.S_ISREG(info.st_mode):
                # Never opened to look for the tool's mark: opening a named pipe waits for a
                # writer for ever, opening a device can act on it.
                return (f"{target} is not a regular file (a named pipe, a device or a folder), so not an output of "
                        "catalogue; it is never opened or replaced: move it or choose another output folder with -o")
            # Listed by the manifest and still the file the tool wrote there, or (a folder
            # from before there was a manifest) marked as one of its outputs.
            if (absolute(target) in ours and still_ours(target)) or _written_by_us(target, fmt):
                continue
            if absolute(target) in ours:
                # Listed, but no longer what the tool wrote (a copy cut short, a file saved
                # over it): it may be someone's, so it stays; the reason is not "unlisted".
                return (f"{target} is listed in the manifest as its output, but is no longer one of catalogue "
                        "(damaged or changed since); it is never replaced: move or delete it, "
                        "or choose another output folder with -o")
            return (f"{target} is not an output of catalogue (its manifest does not list it); it is never "
                    "replaced: move it or choose another output folder with -o")
        return None

    def adopt(self, inputs: list[tuple[Path, str]]) -> None:
        """Give the records of files now named another way to the names this run reads
        them by (`inputs`: each path with its source). A record is keyed by the path as
        given; the same file under the same source given through another path (a folder
        named by a link once and by its real path the next time, or a manifest of an
        earlier version, which keyed inputs by their real path) would otherwise be
        extracted again under a new stem beside its old outputs, its rows twice in
        items/, the old record never gone while its file is there."""
        given = {input_key(path): (path, source) for path, source in inputs}
        if all(key in self.manifest.files for key in given):
            return  # every input has its record: no file to look up (a re-run)
        by_file: dict[Path, str] = {}
        for key in self.manifest.files:
            if key not in given:
                by_file.setdefault(absolute(Path(key)), key)
        for key, (path, source) in given.items():
            old = by_file.get(absolute(path))
            if key in self.manifest.files or old is None or self.manifest.files[old].source != source:
                continue
            del by_file[absolute(path)]
            record = self.manifest.files.pop(old)
            record.path = key
            self.manifest.files[key] = record

    # ------------------------------------------------------------------ inputs that are gone

    def drop_missing(self, keep: bool = False, left: Container[str] = ()) -> list[Removed]:
        """Inputs of the manifest whose file is gone (or is no longer a regular file), or
        that are no longer inputs though their file is there (`left`, keys: a file in a
        folder the run walked that the walk did not return): their outputs and partition
        are removed and they leave the manifest, unless `keep`, when they stay with
        status "missing"."""
        removed: list[Removed] = []
        for key, record in list(self.manifest.files.items()):
            if record.status == "skipped" and not record.outputs:
                if not _exists(Path(record.path)) or key in left:
                    self._unlist(record)
                    del self.manifest.files[key]  # a skipped pipe that is gone held nothing
                continue
            looked = _look_at(Path(record.path))
            if looked is None and key not in left:
                continue
            if looked not in (None, GONE):  # there, but not to be looked at now (permission denied): not gone
                removed.append(Removed(record.path, record.source, record.items, kept=True, unreadable=looked))
                continue
            gone = Removed(record.path, record.source, record.items, kept=keep, left=looked is None)
            if keep:
                record.status = "missing"
            else:
                gone.error = self.remove_outputs(record)
                self._unlist(record)
                del self.manifest.files[key]
            removed.append(gone)
        return removed

    def remove_outputs(self, record: FileRecord, keep: Iterable[Path] = ()) -> str | None:
        """Remove the files the manifest lists for `record` (not those in `keep`), and its
        partition unless it is kept; links are removed, never followed. The first
        problem, in one line, or None."""
        keep_set = {absolute(p) for p in keep}
        problem = None
        for target in self.outputs_of(record) + self.pending_of(record):
            # A file saved at a listed name since (a source saved as 目录.csv where 目录.pdf's
            # output was, with -o .) is no longer ours: it stays, and is read as an input.
            if absolute(target) in keep_set or not still_ours(target):
                continue
            problem = problem or _unlink(target)
        for partition in dict.fromkeys(name for name in (record.partition, record.pending_partition) if name):
            if absolute(self.partition_file_named(partition)) not in keep_set:
                problem = problem or self.remove_partition(partition)
        if record.stem:
            # A worker killed outright (kill -9) while writing left its temporaries too, of
            # whatever formats that run wrote.
            self.discard_partial(record.stem)
        return problem

    # ------------------------------------------------------------------ the dataset

    def partition_name(self, stem: str) -> str:
        # URI-encoded like pyarrow's own hive writer, so "/", "=" or "%" in a stem cannot
        # break the layout and pyarrow decodes the value back when it reads the dataset.
        value = fit_name(stem, PARTITION_MAX_BYTES - len(PARTITION_KEY) - 1, encode=True)
        return f"{PARTITION_KEY}={quote(value, safe='')}"

    def partition_file_named(self, name: str) -> Path:
        return self.path / DATASET_DIR / name / PARTITION_FILE

    def partition_holds(self, name: str, sha256: str) -> bool:
        """Whether partition `name` holds the items of the input with this SHA-256: its
        file's metadata says so (items/ may be shared through a link with another
        folder, whose run wrote another input there under the same name)."""
        import pyarrow.parquet as pq  # here: the CLI forks its workers before pyarrow is imported

        if not _is_regular_file(self.partition_file_named(name)):
            return False  # gone, or something put there that is not to be opened (a named pipe)
        try:
            metadata = pq.read_schema(self.partition_file_named(name)).metadata or {}
        except (OSError, ValueError):  # gone, or not Parquet
            return False
        return bool(sha256) and metadata.get(META_SHA256) == sha256.encode()

    def remove_partition(self, name: str) -> str | None:
        """Drop one partition: a linked partition folder loses its link, never what it
        points to; a real one loses the files this tool writes there."""
        folder = self.path / DATASET_DIR / name
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            return None
        except OSError as error:
            return f"cannot remove partition {folder}: {error.strerror or error}"
        if not stat.S_ISDIR(info.st_mode):
            return _unlink(folder)
        problem = _unlink(folder / PARTITION_FILE)
        for leftover in glob.glob(glob.escape(str(folder)) + "/.data.*.parquet.part"):
            problem = problem or _unlink(Path(leftover))
        # Something else put there by hand stays, and so does its folder.
        if problem is None and not any(folder.iterdir()):
            problem = _rmdir(folder)
        return problem

    # ------------------------------------------------------------------ recording a file

    def record(self, record: FileRecord) -> str | None:
        """Put an input's record in the manifest, after removing what the run replaced:
        outputs of its earlier run that this one did not write again (formats no longer
        asked for), and a failed file's earlier outputs and partition (the folder holds
        only what the manifest vouches for). The first problem, in one line, or None."""
        old = self.manifest.files.get(record.path)
        problem = None
        if old is not None:
            keep = self.outputs_of(record)
            if record.partition:
                keep.append(self.partition_file_named(record.partition))
            # An output another input's record lists too (the name two stems shared before
            # stems were kept apart) is that input's now.
            keep += [self.path / name for name in self.shared_outputs(old)]
            problem = self.remove_outputs(old, keep)
            self._unlist(old)
        self.manifest.files[record.path] = record
        self._list(record)
        return problem

    def shared_outputs(self, record: FileRecord) -> set[str]:
        """The outputs of `record` that another input's record lists as well."""
        if self._listed is None:
            self._listed = Counter(name for other in self.manifest.files.values() for name in _listed_names(other))
        own = self.manifest.files.get(record.path)
        own_names = _listed_names(own) if own is not None else set()
        return {name for name in _listed_names(record) if self._listed[name] > (name in own_names)}

    def _list(self, record: FileRecord) -> None:
        if self._listed is not None:
            self._listed.update(_listed_names(record))

    def _unlist(self, record: FileRecord) -> None:
        if self._listed is not None:
            self._listed.subtract(_listed_names(record))

    def skip(self, path: Path, source: str, reason: str) -> None:
        """A folder entry that is not read (a named pipe, a broken link, a second name of
        a file read under another): listed with its reason. drop_missing has already
        dealt with an earlier file of that name that is gone: its outputs are gone, or
        kept (--keep-missing) under the record that lists them; those of one still there,
        now read under another name, go."""
        key = input_key(path)
        old = self.manifest.files.get(key)
        if old is not None and (old.outputs or old.partition):
            if not _is_regular_file(path):
                return
            # A file now read under another name (a link to it): its outputs are that name's.
            self.remove_outputs(old)
        if old is not None:
            self._unlist(old)
        self.manifest.files[key] = FileRecord(path=key, stem="", source=source, status="skipped", reason=reason)

    def save(self) -> None:
        """Write the manifest; a single-file run into a new folder that wrote nothing
        leaves none (a failed run leaves nothing behind), a batch records its failures."""
        if self.moved():
            raise CatalogueError(FOLDER_MOVED, source=str(self.path))
        owns = any(record.outputs or record.pending for record in self.manifest.files.values())
        if owns or self.dataset or self.had_manifest:
            save_manifest(self.manifest, self.path)
            self.wrote_manifest = True
        elif self.wrote_manifest:
            # Only the note of a worker's outputs made this run write one; nothing came of it.
            _unlink(self.path / MANIFEST_NAME)
            self.wrote_manifest = False

    def discard_partial(self, stem: str) -> None:
        """Remove the temporary files of a worker killed while writing (timed out, crashed,
        interrupted): the atomic writers leave no partial output, but their temporaries stay.
        Those of every format: a run killed outright may have written other formats than
        the run that finds them (-f xlsx,jsonl killed, then a run of the default ones)."""
        # mkstemp's random part is TEMP_NAME_CHARS long and the format one of ours: matching
        # exactly that keeps "cat" from taking the temporaries of a stem "cat.x" still being
        # written. One listing of the folder for all formats (it may hold thousands of files).
        own = re.compile(re.escape(f".{stem}.") + f"[^.]{{{TEMP_NAME_CHARS}}}" + r"\."
                         + "(?:" + "|".join(map(re.escape, (*ALL_FORMATS, PROVENANCE))) + r")\.part")
        if self.moved():
            return  # not this run's folder any more: its leftovers are the next run's there
        partition = self.path / DATASET_DIR / self.partition_name(stem)
        data = re.compile(r"\.data\." + f"[^.]{{{TEMP_NAME_CHARS}}}" + r"\.parquet\.part")
        for where, pattern in ((self.path, own), (partition, data)):
            try:
                names = os.listdir(where)
            except OSError:
                continue  # no such folder (no partition yet), or it cannot be read: nothing to take
            for leftover in names:
                if pattern.fullmatch(leftover):
                    _unlink(where / leftover)

    def relative(self, path: Path) -> str:
        # Relative to the output folder, so the folder can be moved or mounted elsewhere.
        try:
            return str(absolute(path).relative_to(absolute(self.path)))
        except ValueError:
            return str(path)


def _listed_names(record: FileRecord) -> set[str]:
    return set(record.outputs) | set(record.pending)


def _sound_manifest(folder: Path) -> Manifest | None:
    """The catalogue manifest in `folder`, or None when it holds no sound one."""
    if not (folder / MANIFEST_NAME).is_file():
        return None
    try:
        manifest = load_manifest(folder)
        check_manifest(manifest, folder)
    except CatalogueError:
        return None  # not ours, or not sound: the run into that folder will say so
    return manifest


def recorded_outputs(folder: Path) -> list[Path]:
    """The output files (`folder`/name) that the catalogue manifest in `folder` records
    as written, whether they are still there or not; nothing without a sound manifest."""
    return [folder / name for name in recorded_items(folder)]


def recorded_items(folder: Path) -> dict[str, int | None]:
    """Each output name the catalogue manifest in `folder` records as written → how many
    items its record says it holds (None for a name two records list: stems that
    collided before they were kept apart); empty without a sound manifest."""
    manifest = _sound_manifest(folder)
    counts: dict[str, int | None] = {}
    for record in manifest.files.values() if manifest is not None else ():
        for name in record.outputs:
            counts[name] = record.items if name not in counts else None
    return counts


def listed_outputs(folder: Path) -> set[Path]:
    """The files and the items/ dataset that the catalogue manifest in `folder` lists as
    its outputs (absolute); nothing when the folder holds no sound manifest."""
    manifest = _sound_manifest(folder)
    if manifest is None:
        return set()
    root = absolute(folder)
    # Outputs a killed run's workers may have written (pending) are as much its own.
    listed = {root / name for record in manifest.files.values() for name in (*record.outputs, *record.pending)}
    if any(record.partition or record.pending_partition for record in manifest.files.values()):
        listed.add(root / DATASET_DIR)
    return listed


# Every name an output of a stem takes is <stem><suffix> for one of these.
OUTPUT_SUFFIXES = tuple(f".{fmt}" for fmt in (*ALL_FORMATS, PROVENANCE))
# A stem ending so makes <stem>.parquet, which every reader takes by its name for a
# provenance table (formats.own_file_kind), and the provenance table of the stem without it.
RESERVED_ENDING = "." + PROVENANCE.removesuffix(".parquet")
# In a stem in place of a backslash, which a manifest may never hold in a name
# (plain_component: it separates paths on Windows and in a share seen from it).
BACKSLASH_STAND_IN = "_"


def fold(name: str) -> str:
    """A name as a case-insensitive, Unicode-normalising file system compares it (macOS,
    Windows, a share): A.csv and a.csv, or an NFC and an NFD 公開, are one file there."""
    return unicodedata.normalize("NFC", name).casefold()


def output_names(stem: str) -> set[str]:
    """Every name (folded) an output of `stem` may take."""
    return {fold(stem + suffix) for suffix in OUTPUT_SUFFIXES}


def output_stems(paths: list[Path], known: Mapping[str, str] | None = None,
                 taken: Iterable[str] = ()) -> dict[Path, str]:
    """<stem> for each input; inputs that share a stem get the suffix kept apart.

    `known` maps absolute input paths to the stems an earlier run gave them (from the
    manifest): those keep their stem, and no other input may take it; no input takes a
    stem of `taken`, not even one an earlier run gave it (its old outputs then go, as
    when a format is no longer written). Stems are compared as a case-insensitive file
    system would (fold), and no output name of one stem may be an output name of
    another (x's provenance table is x.provenance's Parquet): a stem never ends in
    RESERVED_ENDING. A stem too long for the file system is cut to a readable prefix and
    a hash (fit_name).
    """
    known = dict(known or {})
    blocked = {fold(stem) for stem in taken}
    stems: dict[Path, str] = {}
    names: set[str] = set()

    def free(stem: str) -> bool:
        return not fold(stem).endswith(RESERVED_ENDING) and not output_names(stem) & names

    def claim(stem: str) -> None:
        names.update(output_names(stem))

    keeps = {key: stem for key, stem in known.items() if fold(stem) not in blocked and free(stem)}
    for stem in keeps.values():
        claim(stem)
    for stem in blocked:
        claim(stem)
    for path in paths:
        previous = keeps.get(input_key(path))
        if previous is not None:
            stems[path] = previous
            continue
        name = (path.stem or path.name).replace("\\", BACKSLASH_STAND_IN)
        stem = fit_name(name, STEM_MAX_BYTES)
        if not free(stem):
            # A trailing space or dot ("x.pdf "), which Windows drops, is no part of a name.
            suffix = path.suffix.strip(" .").replace("\\", BACKSLASH_STAND_IN) or "file"
            stem = fit_name(f"{name}-{suffix}", STEM_MAX_BYTES)
        n = 2
        base = stem
        while not free(stem):
            stem = f"{base}-{n}"
            n += 1
        claim(stem)
        stems[path] = stem
    return stems


def check_manifest(manifest: Manifest, folder: Path) -> None:
    """Every name a manifest gives must stay inside the folder: one plain path
    component each (a stem of "../../x" would write two folders up)."""
    where = folder / MANIFEST_NAME
    for record in manifest.files.values():
        names = [record.stem] if record.stem else []
        names += [*record.outputs, *record.pending]
        names += [name for name in (record.partition, record.pending_partition) if name]
        bad = next((name for name in names if not isinstance(name, str) or not plain_component(name)), None)
        if bad is not None or not os.path.isabs(record.path):
            what = f"the name {bad!r}" if bad is not None else f"the input path {record.path!r}"
            raise CatalogueError(f"the run manifest is not sound: {what} does not name a file inside the "
                                 "output folder; refused (delete the manifest to start afresh)", source=str(where))


def _relocate(manifest: Manifest, path: Path) -> None:
    """The records of an output folder copied or moved with its inputs (cp -a proj
    proj2024: proj/out is now proj2024/out) are given the inputs at the same place beside
    the folder's new path (proj2024/in/x.csv for proj/in/x.csv). Kept under the old paths,
    which may still lead to the original's files, they would be neither this run's
    inputs nor gone: their rows would stay in the copy's items/ beside the copy's own,
    never refreshed. Only a folder that is not the one the manifest was saved in (by its
    real path) is relocated, and only a record whose input is there at the new place. Where
    the file there is not the recorded one (its SHA-256 differs while the original is still
    at its old place: the copy's input changed since, or a folder copied without its inputs
    beside other files of the same names), the record keeps no SHA-256: it is the input at
    that place, last extracted from another file, and is extracted again by the next run
    that reads it, never taken as unchanged. Left under its old path instead, its rows
    would stay in the copy's items/ for good beside those of the file now there."""
    here = input_key(path)
    if not manifest.folder or manifest.folder == here or os.path.realpath(manifest.folder) == os.path.realpath(here):
        return
    old, new = Path(manifest.folder).parts, Path(here).parts
    same = 0  # the trailing components both paths share: what moved with the folder
    while same < min(len(old), len(new)) - 1 and old[-1 - same] == new[-1 - same]:
        same += 1
    old_base, new_base = str(Path(*old[:len(old) - same])), str(Path(*new[:len(new) - same]))
    for key in list(manifest.files):
        if not key.startswith(old_base.rstrip(os.sep) + os.sep):
            continue
        moved = new_base.rstrip(os.sep) + os.sep + key[len(old_base.rstrip(os.sep)) + 1:]
        if moved in manifest.files or not os.path.lexists(moved):
            continue
        record = manifest.files.pop(key)
        if os.path.lexists(key) and not _holds(Path(moved), record.sha256):
            record.sha256 = ""  # not the file extracted: read again, never "unchanged"
        record.path = moved
        manifest.files[moved] = record


def _holds(path: Path, sha256: str) -> bool:
    """Whether `path` is a regular file whose content has this SHA-256."""
    if not sha256 or not _is_regular_file(path):
        return False
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == sha256
    except OSError:
        return False  # unreadable here: not shown to be the recorded input


def _dataset_around(path: Path) -> Path | None:
    """The output folder whose items/ dataset holds `path` (or is it), if one does:
    files written there would be read as partitions of that dataset."""
    where = absolute(path)
    for folder in (where, *where.parents):
        if folder.name == DATASET_DIR and (folder.parent / MANIFEST_NAME).is_file():
            return folder.parent
    return None


def _check_dataset_folder(path: Path) -> None:
    """The items/ folder of an output folder that keeps the dataset may hold only its
    partitions (and their temporaries): a folder of inputs called items/ (with -o on
    its parent) would have the dataset written among them, and a reader of the dataset
    fail on them."""
    try:
        entries = sorted(os.listdir(path / DATASET_DIR))
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        raise CatalogueError(f"cannot read {DATASET_DIR}/: {error.strerror or error}", source=str(path)) from error
    foreign = [name for name in entries if not name.startswith((PARTITION_PREFIX, "."))]
    if foreign:
        raise CatalogueError(f"{path / DATASET_DIR} holds files that are not the items dataset ({foreign[0]}"
                             f"{', …' if len(foreign) > 1 else ''}), where this run keeps its dataset: "
                             "choose another output folder with -o", source=str(path))


def identity(path: Path) -> tuple[int, int] | None:
    """The file a path leads to (links followed), as (device, inode): the same for a hard link."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


GONE = "gone"


def _look_at(path: Path) -> str | None:
    """None for a regular file; GONE when nothing is there, or something that is no
    regular file (a pipe, a folder, a broken link or a link loop); else why it cannot be
    looked at now (permission denied, an I/O error): that file is not gone."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return GONE
    except OSError as error:
        return GONE if error.errno == errno.ELOOP else (error.strerror or str(error))
    return None if stat.S_ISREG(info.st_mode) else GONE


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _exists(path: Path) -> bool:
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def _rmdir(path: Path) -> str | None:
    try:
        path.rmdir()
    except OSError as error:
        return f"cannot remove {path}: {error.strerror or error}"
    return None


def _unlink(path: Path) -> str | None:
    """Remove one name (a link itself, never its target); a problem in one line, or None."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot remove {path}: {error.strerror or error}"
    return None


# Files written by this tool carry its mark: the Parquet schema's contract metadata, the
# CSV's header row of contract columns, the JSON Lines' contract keys, the workbook's
# one sheet of items. A file at an output's name without it was put there by someone else.
# (The CSV's byte-order mark may have been lost to a tool that rewrote the file, which
# leaves it ours: its header row is what marks it.)
_CSV_MARKS = ('source,page,item_no,item_key', '来源文件,')
_JSONL_MARK = '{"source": '
# How much of a workbook's sheet list, and of its sheet up to the end of the header row,
# is read for its mark: far above what this tool writes there.
_WORKBOOK_XML_LIMIT = 1 << 20
# A workbook is ours when its one sheet 公开事项 is headed by the contract's labels, in
# order: a name alone is what a user's own catalogue sheet may well be called.
_XLSX_HEADER = tuple(LABELS[name] for name in COLUMNS[:6])
_XML_TEXT = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>")


def _written_by_us(path: Path, fmt: str) -> bool:
    try:
        if fmt in ("parquet", PROVENANCE):
            import pyarrow.parquet as pq  # here: the CLI forks its workers before pyarrow is imported

            metadata = pq.read_schema(path).metadata or {}
            return b"catalogue.tool_version" in metadata or b"catalogue.contract_version" in metadata
        if fmt == "csv":
            with open(path, encoding="utf-8", errors="replace") as handle:
                head = handle.read(64)
            return head.lstrip("\ufeff").startswith(_CSV_MARKS)
        if fmt == "jsonl":
            with open(path, encoding="utf-8", errors="replace") as handle:
                head = handle.read(len(_JSONL_MARK))
            return head in ("", _JSONL_MARK)  # a file of no items is empty
        if fmt == "xlsx":
            with zipfile.ZipFile(path) as package:
                with package.open("xl/workbook.xml") as member:
                    sheets = member.read(_WORKBOOK_XML_LIMIT).decode("utf-8", "replace")
                if sheets.count("<sheet ") != 1 or f'name="{SHEET_TITLE}"' not in sheets:
                    return False
                with package.open("xl/worksheets/sheet1.xml") as member:
                    sheet = member.read(_WORKBOOK_XML_LIMIT).decode("utf-8", "replace")
            header = sheet.split("</row>", 1)[0]
            return tuple(html.unescape(text) for text in _XML_TEXT.findall(header))[:len(_XLSX_HEADER)] == _XLSX_HEADER
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):  # pyarrow's errors for a file that is not Parquet are ValueErrors
        return False
    return False


def output_format(name: str) -> str:
    """The format of an output by its name (<stem>.<format>)."""
    return PROVENANCE if name.endswith("." + PROVENANCE) else name.rsplit(".", 1)[-1]


def still_ours(target: Path) -> bool:
    """Whether what is at a listed output name may be replaced or removed as this tool's:
    nothing (nothing to do), a link (unlinked, never followed), or a file that carries
    its mark. A file saved there since is someone else's."""
    try:
        info = os.lstat(target)
    except OSError:
        return True  # nothing there, or the removal says what is wrong
    if not stat.S_ISREG(info.st_mode):
        return True
    return _written_by_us(target, output_format(target.name))



def write_partition(table: pa.Table, out_dir: Path, name: str) -> Path:
    """Replace one input's partition of the dataset (atomically, by rename). A link or a
    file at the partition's folder is not ours to write through: a link is replaced by a
    real folder (its target untouched); a file stops this input in one line."""
    import pyarrow.parquet as pq  # here: the CLI forks its workers before pyarrow is imported

    folder = out_dir / DATASET_DIR / name
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        os.unlink(folder)
    elif mode is not None and not stat.S_ISDIR(mode):
        raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a folder (a file, a named pipe or a device) where its "
                                 "partition of the items dataset goes; it is never replaced: move it")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / PARTITION_FILE
    temp = make_temp(folder, ".data.", ".parquet.part")
    try:
        pq.write_table(table, temp)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target
