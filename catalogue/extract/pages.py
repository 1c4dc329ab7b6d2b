"""Which pages of an input to read (--pages, the page limit), for every input that has
pages: PDF, OFD, image files and Office files (a sheet or a body table is a page)."""

from __future__ import annotations

from catalogue.extract.settings import ExtractSettings
from catalogue.plural import counted
from catalogue.raw import PageNote
from catalogue.schemas.warnings import NO_SUCH_PAGE, TOO_MANY_PAGES


def page_numbers(count: int, settings: ExtractSettings, source: str, notes: list[PageNote]) -> list[int]:
    """The pages to read, from 1: those --pages asks for that the input has (a note for
    the others), at most settings.max_pages of them (a note for the rest)."""
    numbers = list(settings.pages) if settings.pages else list(range(1, count + 1))
    missing = [n for n in numbers if n > count]
    if missing:
        gone = f"page {missing[0]} does" if len(missing) == 1 else f"pages {_ranges(missing)} do"
        notes.append(PageNote(missing[0], NO_SUCH_PAGE, f"{source} has {counted(count, 'page')}; {gone} not exist"))
        numbers = [n for n in numbers if n <= count]
    if len(numbers) > settings.max_pages:
        rest = numbers[settings.max_pages:]
        notes.append(PageNote(rest[0], TOO_MANY_PAGES, f"{source}: only the first {settings.max_pages} pages were read "
                                                       f"(max_pages); pages {_ranges(rest)} were not"))
        numbers = numbers[: settings.max_pages]
    return numbers


def page_phrase(numbers: list[int]) -> str:
    return f"page {numbers[0]}" if len(numbers) == 1 else f"pages {_ranges(numbers)}"


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [0]:
        if n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
