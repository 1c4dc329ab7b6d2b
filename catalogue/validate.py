"""Check an output of `extract` against the contract, and its items for QA.

Contract conformance (columns, their order and types, nulls where the contract
forbids them, the contract version in Parquet metadata) and item checks that catch
what an extractor or a catalogue got wrong. Each check is one Finding with a level:
an `error` fails validation, a `warning` is worth a look, `info` is for the record.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from catalogue.errors import DamagedInput, InputNotFound, UnsupportedInput
from catalogue.frame import folder_outputs
from catalogue.normalise.junk import (
    JUNK_CHECKS,
    MOST_LABELS_MISREAD,
    MOST_LABELS_MISREAD_SHARE,
    MOST_ROWS_DROPPED,
    MOST_ROWS_DROPPED_SHARE,
    MOSTLY_JUNK,
    MOSTLY_JUNK_SHARE,
    find_junk,
)
from catalogue.output.folder import absolute, holds_source, recorded_items, recorded_outputs
from catalogue.output.formats import PARTITION_PREFIX, is_dataset, map_from_json, own_file_kind
from catalogue.output.manifest import MANIFEST_NAME, FileRecord
from catalogue.output.writer import column_names, read_output
from catalogue.plural import counted
from catalogue.printable import printable_lines
from catalogue.schemas.contract import COLUMNS, CONTRACT_VERSION, META_VERSION, SCHEMA
from catalogue.schemas.warnings import FILE, INFORMATIONAL, PAGE_UNREADABLE, WARNINGS

ERROR, WARNING, INFO = "error", "warning", "info"
FORMATS = ("text", "json")
CHANNEL_COLUMNS = tuple(c for c in COLUMNS if c.startswith("channel_") and c != "channels_extra")
# 《政府信息公开条例》: information is to be made public within 20 working days of
# being formed or changed, so a longer limit in working days is worth a look.
STATUTORY_WORKING_DAYS = 20
MAX_LISTED = 10  # items named per finding in the text report; JSON lists them all

Row = dict[str, Any]


@dataclass
class Finding:
    check: str
    level: str  # what a failure of this check means: error, warning or info
    passed: bool
    message: str
    items: list[Row] = field(default_factory=list)  # {"item_no", "item_key"} of the items concerned


@dataclass
class Report:
    path: str
    items: int
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed and f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed and f.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def validation_targets(inputs: list[Path]) -> list[Path]:
    """What `validate` checks for the paths it is given: a file as it is; the items
    dataset (a folder of `file=<stem>/` partitions) as one table; any other folder's
    .parquet and .csv outputs, each on its own (not its sub-folders), and every one its
    manifest records, also when it is gone or no longer carries the tool's mark (a copy
    cut short): a QA gate must not pass over them. InputNotFound when a path is not
    there or a folder holds nothing to check."""
    targets: list[Path] = []
    for path in inputs:
        if not path.exists():
            raise InputNotFound("no such file or folder", source=str(path))
        if not path.is_dir() or is_dataset(path):
            targets.append(path)
            continue
        # The tool's own files that hold no items (a provenance table, a diff report) are not checked.
        recorded = [p for p in recorded_outputs(path) if p.suffix.lower() in (".parquet", ".csv")]
        found = sorted({p for p in [*folder_outputs(path), *recorded] if own_file_kind(p) is None})
        if not found:
            raise InputNotFound("no .parquet or .csv output of catalogue extract in this folder", source=str(path))
        targets.extend(found)
    return targets


def validate_file(path: Path) -> Report:
    if not path.exists():
        listed = path.name in _recorded_counts_beside(path)
        raise InputNotFound("no such file" + (", though the manifest of its folder records it as an output "
                                              "(deleted or moved since)" if listed else ""), source=str(path))
    if not path.is_file() and not is_dataset(path):
        # Never opened (a named pipe at an output's name would make the read wait for ever).
        raise UnsupportedInput("not a regular file (a named pipe, a device or a folder); validate reads the .parquet "
                               "or .csv outputs of catalogue extract", source=str(path))
    suffix = path.suffix.lower()
    own = own_file_kind(path) if path.is_file() else None
    if own is not None:
        raise UnsupportedInput(f"this is {own}, not items: validate reads the .parquet or .csv outputs of catalogue extract",
                               source=str(path))
    if is_dataset(path):
        findings, rows = _dataset_conformance(path)
    elif suffix == ".parquet":
        findings, rows = _parquet_conformance(path)
    elif suffix == ".csv":
        findings, rows = _csv_conformance(path)
    else:
        raise UnsupportedInput("validate reads the .parquet or .csv output of catalogue extract", source=str(path))
    findings.extend(check_items(rows))
    record = _recorded_counts_beside(path).get(path.name)
    if record is not None:
        # Another source's output copied over this one (a wrong restore, two folders merged
        # with cp) reads as a sound file, and may even hold as many items.
        findings.insert(0, _source_finding(path, rows, record))
        findings.insert(0, _recorded_notes_finding(record))
        recorded = record.items
        # A copy cut at a line end, or a view saved filtered, still reads as a sound file.
        findings.insert(0, Finding("manifest_items", ERROR, len(rows) == recorded,
                                   f"the {counted(recorded, 'item')} its folder's manifest records" if len(rows) == recorded
                                   else f"{counted(len(rows), 'item')} here, but its folder's manifest records "
                                        f"{recorded} (cut short or changed since it was written)"))
    return Report(str(path), len(rows), findings)


# The notes `extract` recorded for the file that validate cannot find in its items: file
# codes other than those it computes from the items (JUNK_CHECKS) and the informational
# ones (xref_rebuilt: a file read whole), and a page not read at all, whose rows are
# missing from a file that reads as sound (a PDF cut short).
_RECORDED_ERRORS = frozenset({w.code for w in WARNINGS if w.where == FILE} - set(JUNK_CHECKS) - INFORMATIONAL
                             | {PAGE_UNREADABLE})


def _recorded_notes_finding(record: FileRecord) -> Finding:
    """The file's notes of _RECORDED_ERRORS, as its folder's manifest records them."""
    noted = {code: n for code, n in record.warnings.items() if code.split(":", 1)[0] in _RECORDED_ERRORS}
    if noted:
        shown = ", ".join(f"{code} {n}" for code, n in sorted(noted.items()))
        return Finding("manifest_warnings", ERROR, False, f"its folder's manifest records {shown} for "
                       f"{record.source}: the file was not read whole")
    return Finding("manifest_warnings", ERROR, True, "no note in its folder's manifest that the file was not read whole")


def _source_finding(path: Path, rows: list[Row], record: FileRecord) -> Finding:
    """Whether an output holds the items of the input its folder's manifest records for
    it: every item's `source` is the record's, and a Parquet file's metadata names the
    record's SHA-256."""
    # A record without a source or SHA-256 (a manifest of an early version; a copied
    # folder's record of an input changed since) vouches for neither.
    strangers = sorted({str(row.get("source")) for row in rows} - {record.source}) if record.source else []
    if strangers:
        return Finding("manifest_source", ERROR, False, f"items of {', '.join(strangers[:3])} here, but its folder's "
                       f"manifest records it as the output of {record.source} (copied over from another output?)")
    if path.suffix.lower() == ".parquet" and record.sha256 and not holds_source(path, record.sha256, record.source):
        return Finding("manifest_source", ERROR, False, f"its metadata names another source file than the "
                       f"{record.source} its folder's manifest records (copied over from another output?)")
    return Finding("manifest_source", ERROR, True, f"the items of {record.source}, as its folder's manifest records")


def _recorded_counts_beside(path: Path) -> dict[str, FileRecord | None]:
    """The outputs the manifest beside `path` records, with their records (recorded_items)."""
    try:
        info = os.stat(path.parent / MANIFEST_NAME)
    except OSError:
        return {}
    return _recorded_counts(str(absolute(path.parent)), (info.st_mtime_ns, info.st_size))


# The outputs of one folder are validated one by one: its manifest is read once (while
# it is not rewritten: the stamp is its modification time and size).
@functools.lru_cache(maxsize=4)
def _recorded_counts(folder: str, stamp: tuple[int, int]) -> dict[str, FileRecord | None]:
    return recorded_items(Path(folder))


# ---------------------------------------------------------------- conformance


def _column_findings(names: list[str]) -> list[Finding]:
    missing = [c for c in COLUMNS if c not in names]
    extra = [c for c in names if c not in COLUMNS]
    problems = []
    repeated = sorted(name for name, n in Counter(names).items() if n > 1)
    if repeated:
        problems.append(f"repeated {', '.join(repeated)}")
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    if extra:
        problems.append(f"not in the contract: {', '.join(extra)}")
    if not problems and names != list(COLUMNS):
        first = next(i for i, (a, b) in enumerate(zip(names, COLUMNS, strict=False)) if a != b)
        problems.append(f"out of order from column {first + 1}: {names[first]} where the contract has {COLUMNS[first]}")
    message = "; ".join(problems) or f"{len(COLUMNS)} columns in contract order"
    return [Finding("columns", ERROR, not problems, message)]


def _parquet_conformance(path: Path) -> tuple[list[Finding], list[Row]]:
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise DamagedInput(f"not a readable Parquet file ({error})", source=str(path)) from error
    return _table_conformance(table)


def _dataset_conformance(path: Path) -> tuple[list[Finding], list[Row]]:
    """The partitions of an items dataset, read as one table (the partition key is a
    folder name, not a column of the files)."""
    parts = sorted(path.glob(f"{PARTITION_PREFIX}*/*.parquet"))
    if not parts:
        raise DamagedInput("an items dataset without any Parquet file", source=str(path))
    tables = []
    for part in parts:
        try:
            tables.append(pq.read_table(part))
        except (pa.ArrowException, OSError) as error:
            raise DamagedInput(f"not a readable Parquet file ({error})", source=str(part)) from error
    try:
        table = pa.concat_tables(tables)
    except pa.ArrowException as error:
        raise DamagedInput(f"partitions whose columns differ ({error})", source=str(path)) from error
    return _table_conformance(table)


def _table_conformance(table: pa.Table) -> tuple[list[Finding], list[Row]]:
    findings = _column_findings(table.column_names)
    wrong = wrong_types(table.schema)
    findings.append(Finding("types", ERROR, not wrong, "; ".join(wrong) or "every column has its contract type"))
    findings.append(_null_finding({name: table.column(name).null_count for name in table.column_names if name in COLUMNS}))
    version = (table.schema.metadata or {}).get(META_VERSION)
    if version is None:
        findings.append(Finding("contract_version", ERROR, False, "no catalogue.contract_version in the Parquet metadata"))
    else:
        shown = version.decode(errors="replace")
        findings.append(Finding("contract_version", ERROR, shown == CONTRACT_VERSION, f"contract v{shown}" + ("" if shown == CONTRACT_VERSION else f", this tool writes v{CONTRACT_VERSION}")))
    if wrong:
        return findings, []  # values of another type cannot be checked as items
    return findings, table.select([c for c in COLUMNS if c in table.column_names]).to_pylist(maps_as_pydicts="strict")


def wrong_types(schema: pa.Schema) -> list[str]:
    """"item_no is string, not int32" for each contract column of another type."""
    return [
        f"{name} is {schema.field(name).type}, not {SCHEMA.field(name).type}"
        for name in schema.names
        if name in COLUMNS and not schema.field(name).type.equals(SCHEMA.field(name).type)
    ]


def _null_finding(null_counts: dict[str, int]) -> Finding:
    bad = [f"{name} ({n})" for name, n in null_counts.items() if n and not SCHEMA.field(name).nullable]
    return Finding("nulls", ERROR, not bad, f"nulls where the contract allows none: {', '.join(bad)}" if bad else "no nulls in non-null columns")


def _csv_conformance(path: Path) -> tuple[list[Finding], list[Row]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
        records = list(csv.reader(io.StringIO(text)))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DamagedInput(f"not a readable UTF-8 CSV ({error})", source=str(path)) from error
    if not records:
        raise DamagedInput("empty CSV, not even a header", source=str(path))
    header, body = column_names(records[0]), records[1:]
    findings = _column_findings(header)
    bad: list[str] = []
    nulls: Counter[str] = Counter()
    for i, name in enumerate(header):
        if name not in COLUMNS:
            continue
        check = _csv_checker(SCHEMA.field(name).type)
        for line, record in enumerate(body, start=2):
            raw = record[i] if i < len(record) else ""
            if raw == "" and not _empty_is_a_value(SCHEMA.field(name).type):
                nulls[name] += 1
            elif check is not None and not check(raw):
                bad.append(f"{name} line {line}: {raw!r}")
    ragged = [line for line, record in enumerate(body, start=2) if len(record) != len(header)]
    if ragged:
        bad.append(f"rows whose cell count differs from the header: lines {', '.join(map(str, ragged[:MAX_LISTED]))}")
    shown = bad[:MAX_LISTED] + ([f"… {len(bad) - MAX_LISTED} more"] if len(bad) > MAX_LISTED else [])
    findings.append(Finding("types", ERROR, not bad, "; ".join(shown) or "every value parses as its contract type"))
    findings.append(_null_finding(dict(nulls)))
    if bad:
        return findings, []  # values that do not parse cannot be checked as items
    try:
        rows = read_output(path).to_pylist(maps_as_pydicts="strict")
    except (ValueError, pa.ArrowException) as error:
        raise DamagedInput(f"cannot read the CSV as contract rows ({error})", source=str(path)) from error
    return findings, rows


def _empty_is_a_value(type_: pa.DataType) -> bool:
    """An empty CSV cell is an empty list or map, never a null."""
    return pa.types.is_list(type_) or pa.types.is_map(type_)


def _is_json_object(raw: str) -> bool:
    try:
        map_from_json(raw)
    except ValueError:
        return False
    return True


def _csv_checker(type_: pa.DataType) -> Callable[[str], bool] | None:
    if pa.types.is_map(type_):
        return _is_json_object
    if pa.types.is_boolean(type_):
        return lambda raw: raw in ("true", "false")
    if pa.types.is_integer(type_):
        return lambda raw: raw.lstrip("-").isdigit()
    return None


# ---------------------------------------------------------------- item checks


def _ref(row: Row) -> Row:
    return {"item_no": row.get("item_no"), "item_key": row.get("item_key")}


def check_items(rows: list[Row]) -> list[Finding]:
    findings: list[Finding] = []

    def item_check(check: str, level: str, what: str, test: Callable[[Row], bool]) -> None:
        hits = [_ref(row) for row in rows if test(row)]
        message = f"{len(hits)} item(s) {what}" if hits else f"no item {what}"
        findings.append(Finding(check, level, not hits, message, hits))

    item_check(
        "disclosure_conflict",
        ERROR,
        "both 主动公开 and 不予公开",
        lambda r: r.get("disclosure_proactive") is True and r.get("disclosure_not_public") is True,
    )
    counts = Counter((r.get("source"), r.get("item_key")) for r in rows)
    duplicates = [_ref(r) for r in rows if counts[(r.get("source"), r.get("item_key"))] > 1]
    findings.append(
        Finding(
            "duplicate_key",
            ERROR,
            not duplicates,
            f"{len(duplicates)} item(s) share an item_key with another item of the same source" if duplicates else "every item_key is unique",
            duplicates,
        )
    )
    findings.extend(_junk_findings(rows))
    item_check("no_channel", WARNING, "with no 公开渠道 checked", lambda r: not any(r.get(c) is True for c in CHANNEL_COLUMNS))
    item_check("no_time_limit", WARNING, "without a 公开时限", lambda r: not r.get("time_limit"))
    item_check("no_subject", WARNING, "without a 公开主体", lambda r: not r.get("subject"))
    item_check(
        "time_limit_over_statutory",
        WARNING,
        f"with a limit over the statutory {STATUTORY_WORKING_DAYS} working days",
        lambda r: r.get("time_limit_kind") == "working_days" and (r.get("time_limit_days") or 0) > STATUTORY_WORKING_DAYS,
    )
    codes: Counter[str] = Counter(code.split(":", 1)[0] for r in rows for code in (r.get("warnings") or []))
    summary = ", ".join(f"{code} {n}" for code, n in sorted(codes.items())) or "none"
    findings.append(Finding("extraction_warnings", INFO, True, f"extraction warnings by code: {summary}"))
    return findings


def _junk_findings(rows: list[Row]) -> list[Finding]:
    """Items that are junk (no category, header words as labels, most rows dropped):
    the same checks that `extract` reports as file warnings (and, for MOSTLY_JUNK, as
    the file's failure), here as errors."""
    failed = {f.code: f for f in find_junk(rows)}
    findings = []
    for code, what in JUNK_CHECKS.items():
        hit = failed.get(code)
        if hit is None:
            ok = {MOST_ROWS_DROPPED: f"at most {MOST_ROWS_DROPPED_SHARE:.0%} of the rows read dropped as empty",
                  MOST_LABELS_MISREAD: f"at most {MOST_LABELS_MISREAD_SHARE:.0%} of the items with a label misread",
                  MOSTLY_JUNK: f"at most {MOSTLY_JUNK_SHARE:.0%} of the items with no label and no content or a "
                               "header word for a label",
                  }.get(code, f"no item {what}")
            findings.append(Finding(code, ERROR, True, ok))
        else:
            findings.append(Finding(code, ERROR, False, hit.message, [_ref(rows[i]) for i in hit.items]))
    return findings


# ---------------------------------------------------------------- reports


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "text":
        return render_text(report)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def render_text(report: Report) -> str:
    lines = [f"{report.path}: {report.items} items"]
    for f in report.findings:
        status = "ok" if f.passed else f.level
        lines.append(f"  {status:8} {f.check}: {f.message}")
        listed = f.items[:MAX_LISTED]
        for item in listed:
            lines.append(f"             #{item['item_no']} {item['item_key']}")
        if len(f.items) > len(listed):
            lines.append(f"             … {len(f.items) - len(listed)} more")
    verdict = "pass" if report.ok else "FAIL"
    lines.append(f"{verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return printable_lines(lines)


def render_json(report: Report) -> str:
    return json.dumps(_report_data(report), ensure_ascii=False, indent=2) + "\n"


def _report_data(report: Report) -> dict[str, Any]:
    return {
        "file": report.path,
        "items": report.items,
        "ok": report.ok,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "checks": [
            {"check": f.check, "level": f.level, "passed": f.passed, "message": f.message, "count": len(f.items), "items": f.items}
            for f in report.findings
        ],
    }


def render_many(reports: list[Report], failed: list[str], fmt: str) -> str:
    """Several reports: one after the other with a closing tally (text), or one JSON
    object {"ok", "files": [report …], "unreadable": [message …]}. `failed` holds the
    one-line errors of inputs that could not be read as outputs at all."""
    if fmt == "json":
        data = {"ok": not failed and all(r.ok for r in reports), "files": [_report_data(r) for r in reports], "unreadable": failed}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "text":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    passed = sum(1 for r in reports if r.ok)
    tally = f"{counted(len(reports) + len(failed), 'file')}: {passed} pass, {len(reports) - passed + len(failed)} FAIL\n"
    return "".join(render_text(r) for r in reports) + tally
