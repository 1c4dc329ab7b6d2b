"""Every warning code the tool writes, in one place, with what it means.

Item codes go into an item's `warnings` column (the contract's codes, in contract.py);
page and file codes are notes on the input (`PageNote`), printed by `extract`, counted
in its summary and the manifest. `catalogue schema --warnings` prints this table and the
README's table is generated from it (`python -m catalogue.schemas.warnings`), so the
documentation cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass

ITEM, PAGE, FILE = "item", "page", "file"  # where a code is written

# Item codes: the contract's (catalogue.schemas.contract.WARNING_CODES); a project may
# add codes, never drop a row silently.
MARK_UNREADABLE = "mark_unreadable"
CELL_TRUNCATED = "cell_truncated"
CELLS_SHIFTED = "cells_shifted"
ROW_JOINED = "row_joined_across_pages"
LABEL_JOINED = "label_joined_across_pages"
UNKNOWN_OPTION = "unknown_option"  # written as "unknown_option:<label>"
OCR_LOW_CONFIDENCE = "ocr_low_confidence"
EMPTY_ROW_DROPPED = "empty_row_dropped"
FOOTNOTE_DROPPED = "footnote_dropped"  # a 注：… line under the table, given to the item above it
DITTO_FILLED = "ditto_filled"  # a 同上 / 同左 cell took the value above / to the left (v1.1)
LABEL_MISREAD = "label_misread"  # an OCR'd category label in another script than the catalogue's
COLUMNS_FROM_PAGE = "columns_from_later_page"  # a table wider than its paper: the row goes on in a later strip
FROM_HIDDEN_ROW = "from_hidden_row"  # the item's row is one its input hides, read

# Page notes: something about a page of the input that holds no items, or holds them
# read in another way than usual.
NEEDS_OCR = "needs_ocr"
PAGE_TOO_COMPLEX = "page_too_complex"
NO_TABLE = "no_table"
SHEET_WITHOUT_TABLE = "sheet_without_table"  # a 说明 or cover sheet of a workbook
PAGE_UNREADABLE = "page_unreadable"
PAGE_TOO_LARGE = "page_too_large"
TOO_MANY_PAGES = "too_many_pages"
PAGES_SKIPPED = "pages_skipped"
NO_SUCH_PAGE = "no_such_page"
COLUMNS_GUESSED = "columns_guessed"  # --pages starts under a header too far back to look for
BLANK_PAGE = "blank_page"
HIDDEN_SKIPPED = "hidden_skipped"
FORMULAS_UNCOMPUTED = "formulas_uncomputed"  # formula cells saved without a value
PICTURES_UNREAD = "pictures_unread"  # cells whose value is a picture (WPS), outside the option cells
TEXT_FROM_PDFMINER = "text_from_pdfminer"
TEXT_LAYER_UNREADABLE = "text_layer_unreadable"
OCR_FALLBACK = "ocr_fallback"
OCR_NO_GLYPHS = "ocr_no_glyphs"

# File notes: about the whole input.
DAMAGED_FILE = "damaged_file"
EMPTY_ITEM = "empty_item"  # no category and no content: nothing says what the item is
EMPTY_ITEM_KEY = "empty_item_key"  # content, but no category label to key it by
HEADER_WORD_LABEL = "header_word_label"  # a header word (一级, 公开内容 …) as a category label
MOST_ROWS_DROPPED = "most_rows_dropped"
MOST_LABELS_MISREAD = "most_labels_misread"
TOTAL_ROW_DROPPED = "total_row_dropped"  # a 合计 / 小计 row under the item, left out
TOTAL_MISMATCH = "total_mismatch"  # that row states a count of items the rows read do not make
MOSTLY_JUNK = "mostly_junk"  # nearly every item junk: no catalogue (extract fails the file)
SHEET_REPEATED = "sheet_repeated"  # a sheet (or document table) the same cell for cell as an earlier one
STRAY_CELLS = "stray_cells_left_out"  # filled cells far below a sheet's table, no table of their own
HIDDEN_ROWS_READ = "hidden_rows_read"  # rows a web page hides (pager, tab, draft), read
FILTERED_READ = "filtered_rows_read"  # rows a sheet's AutoFilter hid, read: a filter is a view
TEMPLATE_ROWS_SKIPPED = "template_rows_skipped"  # a web table's rows of script placeholders ({{…}}), left out


@dataclass(frozen=True)
class WarningCode:
    code: str
    where: str  # ITEM, PAGE or FILE
    meaning: str


WARNINGS: tuple[WarningCode, ...] = (
    WarningCode(MARK_UNREADABLE, ITEM, "a mark (☑/☐ …) could not be read as checked or empty, or a scanned row reads none "
                "of its disclosure options as checked (主动, 依申请, 不予公开: every item has one), which are then null"),
    WarningCode(CELL_TRUNCATED, ITEM, "a cell's text ends mid-word at a page edge"),
    WarningCode(CELLS_SHIFTED, ITEM, "cells sat in the wrong columns and were moved back"),
    WarningCode(ROW_JOINED, ITEM, "the item's row continues across a page break and was joined"),
    WarningCode(LABEL_JOINED, ITEM, "a category label split by a page break was joined"),
    WarningCode(UNKNOWN_OPTION, ITEM, "a checked option the vocabulary does not know, written `unknown_option:<label>`"),
    WarningCode(OCR_LOW_CONFIDENCE, ITEM, "OCR read a cell of the item with low confidence"),
    WarningCode(EMPTY_ROW_DROPPED, ITEM, "an empty row next to the item was dropped"),
    WarningCode(DITTO_FILLED, ITEM, "a 同上 / 同左 cell took the value above / to the left"),
    WarningCode(FOOTNOTE_DROPPED, ITEM, "a 注：… line under the table was given to the item above it"),
    WarningCode(TOTAL_ROW_DROPPED, ITEM, "a total row (合计, 小计, 总计 or 共计 in its first filled cell) under the "
                "item was left out: it counts the items, it is none"),
    WarningCode(TOTAL_MISMATCH, ITEM, "the total row under the item states a count of items (共5项) that the rows "
                "read above it do not make (all of them, those since the last total, or the table's): rows may be "
                "missing, or read as more than one"),
    WarningCode(LABEL_MISREAD, ITEM, "a category label read by OCR holds Latin (or other non-Han) letters in a "
                "catalogue written in Chinese: almost surely misread; every item that carries it is flagged"),
    WarningCode(COLUMNS_FROM_PAGE, ITEM, "the table is wider than its paper and was printed in strips: the item's "
                "further columns are on a later page and were joined to it by their place in the strip"),
    WarningCode(FROM_HIDDEN_ROW, ITEM, "the item's row is hidden in its input (a web page's display: none row, a "
                "sheet's row an AutoFilter hid) and was read (see hidden_rows_read, filtered_rows_read): check it"),
    WarningCode(NEEDS_OCR, PAGE, "the page is an image without a text layer and OCR is off or not installed"),
    WarningCode(NO_TABLE, PAGE, "no ruled table on the page; skipped"),
    WarningCode(SHEET_WITHOUT_TABLE, PAGE, "a sheet of a workbook (or a table of a document) holds no catalogue table, "
                "as a 说明 or cover sheet does; skipped"),
    WarningCode(BLANK_PAGE, PAGE, "a scanned page is blank"),
    WarningCode(PAGE_UNREADABLE, PAGE, "the page could not be read (damaged, or OCR failed)"),
    WarningCode(PAGE_TOO_LARGE, PAGE, "the page (or sheet) is too large to be a catalogue page; skipped"),
    WarningCode(PAGE_TOO_COMPLEX, PAGE, "the page has too many drawing objects (paths, characters or pictures of a mark's size) to be a catalogue page; skipped"),
    WarningCode(TOO_MANY_PAGES, PAGE, "pages past the page limit were not read"),
    WarningCode(PAGES_SKIPPED, PAGE, "frames of an image past the page limit were not read"),
    WarningCode(NO_SUCH_PAGE, PAGE, "pages asked for with --pages that the PDF does not have"),
    WarningCode(COLUMNS_GUESSED, PAGE, "--pages starts on a table that goes on under no header of its own, and no page "
                "within the look-back limit before it has one: its columns were told from what the cells hold"),
    WarningCode(HIDDEN_SKIPPED, PAGE, "hidden sheets, hidden rows or columns of a sheet, text in Word's hidden type, "
                "text a web page hides inside its cells, or a PDF page's characters drawn invisibly (render mode 3) beside "
                "its visible text, were left out"),
    WarningCode(SHEET_REPEATED, PAGE, "a sheet (or a document's table) holds the same cells as an earlier one: a "
                "copy named as Excel names copies (目录 (2)) is left out; otherwise its items are read twice, and "
                "this says so. A web page's table that repeats an earlier one (a copy for phones) is left out"),
    WarningCode(HIDDEN_ROWS_READ, PAGE, "rows a web page hides (display: none or the hidden attribute: a pager's later "
                "pages or a tab not shown, which a saved page holds, or a draft) were read; check them"),
    WarningCode(TEMPLATE_ROWS_SKIPPED, PAGE, "rows of a web table whose cells are a script's placeholders "
                "({{…}}, ${…}, <%…%>: the row a page copies to add items), left out: they are no items"),
    WarningCode(FILTERED_READ, PAGE, "rows a sheet's AutoFilter hid (someone's view of the catalogue) were read: "
                "they are items as much as the rows it shows; rows hidden by hand are left out (hidden_skipped)"),
    WarningCode(STRAY_CELLS, PAGE, "filled cells far below a sheet's table (more than a screenful of empty rows "
                "under it) that hold no catalogue table of their own, as a note parked at the bottom of a sheet: left out"),
    WarningCode(FORMULAS_UNCOMPUTED, PAGE,
                "formula cells of a sheet were saved without a computed value (as libraries that do not "
                "calculate write them): their values are unknown and were read as empty"),
    WarningCode(PICTURES_UNREAD, PAGE,
                "cells of a sheet hold a picture as their value (WPS's 图片嵌入单元格: a QR code, a photo) "
                "outside the option columns: a picture is no text, and those cells were read as empty"),
    WarningCode(TEXT_FROM_PDFMINER, PAGE, "pdfium read the page's fonts differently from pdfminer or not at all: pdfminer's text was used"),
    WarningCode(TEXT_LAYER_UNREADABLE, PAGE, "the text layer cannot be decoded and OCR cannot stand in; page left out"),
    WarningCode(OCR_FALLBACK, PAGE, "the text layer cannot be decoded; the page was read by OCR"),
    WarningCode(OCR_NO_GLYPHS, PAGE, "OCR was asked for, but the page's fonts are not embedded (no glyphs to see), "
                "or it is an OFD page with text (drawn for OCR from its images only): its text layer was read"),
    WarningCode(DAMAGED_FILE, FILE, "the PDF is damaged (a broken cross-reference table, or streams whose data "
                "pdfminer reports damaged) and was read as far as it could be"),
    WarningCode(EMPTY_ITEM, FILE, "items with no category label and no content"),
    WarningCode(EMPTY_ITEM_KEY, FILE, "items with an empty item_key (no category label)"),
    WarningCode(HEADER_WORD_LABEL, FILE, "items with a header word (一级, 公开内容 …) as a category label"),
    WarningCode(MOST_ROWS_DROPPED, FILE, "most rows read were dropped as empty: the table was not understood"),
    WarningCode(MOST_LABELS_MISREAD, FILE, "most items' category labels read by OCR are in another script than the "
                "catalogue's (label_misread): the scan is too small, blurred or faint to read"),
    WarningCode(MOSTLY_JUNK, FILE, "more than three in four items have no category label and no content, or a header "
                "word for a label: the table is no catalogue; `extract` fails the file in one line, `validate` "
                "reports an error"),
)
CODES: tuple[str, ...] = tuple(w.code for w in WARNINGS)
# Page notes that say how a page was read, not that anything on it may be wrong: the
# rows are as good as the other pages' (a workbook's 说明 sheet holds none to lose). `extract` prints them as "note:", apart from
# the warnings, and its summary counts them apart.
INFORMATIONAL: frozenset[str] = frozenset({TEXT_FROM_PDFMINER, OCR_NO_GLYPHS, SHEET_WITHOUT_TABLE, FILTERED_READ})


def markdown_table() -> str:
    """The table of codes as the README has it."""
    lines = ["| code | where | meaning |", "|---|---|---|"]
    lines += [f"| `{w.code}` | {w.where}{' (note)' if w.code in INFORMATIONAL else ''} | {w.meaning} |" for w in WARNINGS]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
