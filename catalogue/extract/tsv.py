"""Tab-separated text as other tools pull it out of a PDF: one line a row, blank lines between pages."""

from __future__ import annotations

from collections.abc import Iterator

from catalogue.raw import RawTable


def looks_like_tsv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    return bool(lines) and sum("\t" in line for line in lines) >= max(1, len(lines) // 2)


def tables_from_tsv(text: str, source: str) -> Iterator[RawTable]:
    """One table per block of lines; blocks are split by blank lines and numbered from 1."""
    block: list[list[str]] = []
    number = 0
    for line in text.splitlines():
        if line.strip():
            block.append(line.split("\t"))
            continue
        if block:
            number += 1
            yield RawTable.from_rows(source, number, block)
            block = []
    if block:
        yield RawTable.from_rows(source, number + 1, block)
