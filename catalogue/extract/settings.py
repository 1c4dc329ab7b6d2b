from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from catalogue.extract.engines import ENGINE_NAMES, EngineName

# Seconds one file may take in a batch before its worker is killed (0: no limit);
# cli imports it for --timeout without importing the process pool.
DEFAULT_TIMEOUT = 600.0

# The engines (extract.engines.ENGINES) by name, as --engine takes them.
Engine = EngineName
ENGINES = ENGINE_NAMES


class OcrMode(StrEnum):
    """--ocr: when a page is read by OCR. The questions the readers ask are answered
    here, so no reader compares the mode's name."""

    AUTO = "auto"  # the text layer first; OCR for a page that is a scan, or whose text cannot be decoded
    ALWAYS = "always"  # OCR for every page, except text that a rendered page would not show
    NEVER = "never"  # the text layer only

    @property
    def reads_text_layer(self) -> bool:
        """Whether a page's tables are looked for in its text layer before OCR."""
        return self is not OcrMode.ALWAYS

    @property
    def may_ocr(self) -> bool:
        return self is not OcrMode.NEVER

    @property
    def forces_ocr(self) -> bool:
        """Whether a page goes to OCR whatever its text layer holds."""
        return self is OcrMode.ALWAYS


# --ocr's values, as the command line takes them.
OcrName = Literal["auto", "always", "never"]
OCR_MODES: tuple[str, ...] = tuple(mode.value for mode in OcrMode)


@dataclass(frozen=True)
class ExtractSettings:
    engine: Engine = "pdfium"
    password: str | None = None
    ocr: OcrMode = OcrMode.AUTO  # its name ("always") will do too
    pages: tuple[int, ...] | None = None  # 1-based; None means every page
    # A page larger than this many PDF points on a side is refused (a "huge page" bomb).
    max_page_side: float = 20000.0
    # More pages than this are not read; the rest get a warning.
    max_pages: int = 20000
    # OCR: a cell read below this confidence gets `ocr_low_confidence`.
    ocr_min_confidence: float = 0.80

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")
        object.__setattr__(self, "ocr", OcrMode(self.ocr))
        if self.pages is not None and any(p < 1 for p in self.pages):
            raise ValueError("pages are numbered from 1")
        if not 0.0 <= self.ocr_min_confidence <= 1.0:
            raise ValueError("ocr_min_confidence must be between 0 and 1")

    @classmethod
    def resolve(cls, value: ExtractSettings | Mapping[str, Any] | None) -> ExtractSettings:
        if value is None:
            return cls()
        if isinstance(value, ExtractSettings):
            return value
        return cls(**dict(value))


# A PDF is split across page workers only from this many pages on: a worker spawned as a
# fresh interpreter takes about a second to start, what 20-40 pages take to read (one
# forked from a batch's file worker starts at once, but its tables still cost a round
# trip, and a short file is done before a second core would help much).
SPLIT_MIN_PAGES = 40


@dataclass(frozen=True)
class PageSplit:
    """How the pages of one long PDF are read in parallel. Apart from ExtractSettings
    because it changes only the speed, never the output (a manifest need not re-extract)."""

    workers: int = 1  # processes reading pages; 1: this process reads them all
    min_pages: int = SPLIT_MIN_PAGES  # fewer pages to read than this: no split

    def applies(self, pages: int) -> bool:
        return self.workers > 1 and pages >= max(2, self.min_pages)
