"""Many inputs in one call: folders expanded, one bad file never stops the rest."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.api import Extraction, extract_file, write_extraction
from catalogue.errors import CatalogueError
from catalogue.extract import SUPPORTED_SUFFIXES
from catalogue.extract.settings import ExtractSettings
from catalogue.writer import FORMATS


@dataclass
class Outcome:
    path: Path
    extraction: Extraction | None = None
    error: str | None = None
    outputs: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def expand_inputs(inputs: Iterable[Path]) -> Iterator[Path]:
    """Named files as they are; folders walked for supported files, links to folders not
    followed (so a symlink loop cannot trap the walk), each file once."""
    seen: set[Path] = set()
    for path in inputs:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                        yield from _once(candidate, seen)
        else:
            yield from _once(path, seen)


def _once(path: Path, seen: set[Path]) -> Iterator[Path]:
    try:
        key = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop resolves to nothing
        key = path.absolute()
    if key not in seen:
        seen.add(key)
        yield path


def output_stems(paths: list[Path]) -> dict[Path, str]:
    """<stem> for each input; inputs that share a stem get the suffix kept apart."""
    stems: dict[Path, str] = {}
    used: set[str] = set()
    for path in paths:
        stem = path.stem or path.name
        if stem in used:
            stem = f"{stem}-{path.suffix.lstrip('.') or 'file'}"
        n = 2
        base = stem
        while stem in used:
            stem = f"{base}-{n}"
            n += 1
        used.add(stem)
        stems[path] = stem
    return stems


def process_one(path: Path, out_dir: Path, stem: str, settings: ExtractSettings, formats: tuple[str, ...]) -> Outcome:
    outcome = Outcome(path)
    try:
        extraction = extract_file(path, settings)
        outcome.extraction = extraction
        outcome.outputs = write_extraction(extraction, out_dir, stem, formats)
    except CatalogueError as error:
        outcome.error = str(error)
    except OSError as error:
        outcome.error = f"{path}: {error.strerror or error}"
    return outcome


def run_batch(
    inputs: Iterable[Path],
    out_dir: Path,
    settings: ExtractSettings | None = None,
    formats: tuple[str, ...] = FORMATS,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    settings = settings or ExtractSettings()
    paths = list(expand_inputs(inputs))
    stems = output_stems(paths)
    outcomes = []
    for path in paths:
        outcome = process_one(path, out_dir, stems[path], settings, formats)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    return outcomes
