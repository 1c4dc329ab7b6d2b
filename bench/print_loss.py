"""How much of each family-B member's mark error is LibreOffice's print, not the scan.

    python bench/bench_scan_family.py --family b --half tune --json out.json
    python bench/print_loss.py out.json            # add -v to list the other wrong marks

Family B prints its two Word sources (samples/office/word-*.docx) with LibreOffice
before it scans them. Until round six that print drew some Wingdings boxes with the
font's missing-glyph frame, for ☑ and ☐ alike, which no pixel rule can read; the
generator now prints every mark as its Unicode glyph, and this checks that its print
states them all (it should count none). It prints each member's mark errors in two
parts: on options whose mark the print drew as such a frame (samples/unprinted_marks.py,
run on the same print: LibreOffice's text layer keeps the character each frame stands
for) and on the rest, and the mark share without the first. Needs soffice, as the
generator does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

import generate_scan_family as family  # noqa: E402
import generate_scan_family_b as family_b  # noqa: E402
import unprinted_marks  # noqa: E402
from bench_scans import MARK_COLUMNS  # noqa: E402

WRONG = re.compile(r"#(\d+) .*?: (\w+) expected")


def print_lost(member: dict, work: Path, cache: dict[str, frozenset[tuple[int, str]]]) -> frozenset[tuple[int, str]]:
    """The (item_no, column) cells whose mark the member's print drew as a frame for
    either state; empty for a member that scans a PDF as it is."""
    source = member["printed"]
    if not source.endswith(".docx"):
        return frozenset()
    if source not in cache:
        pdf = family_b.printed(ROOT / "samples" / source, work)
        rows = json.dumps(family.expected_rows(member["expected"]), ensure_ascii=False)
        cache[source] = unprinted_marks.unstated_cells(pdf, rows)
    return cache[source]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, help="bench_scan_family.py --json output (family B)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the wrong marks the print does not explain")
    args = parser.parse_args()
    listed = {(m["condition"], m["source"]): m for m in family_b.family()}
    cache: dict[str, frozenset[tuple[int, str]]] = {}
    right = total = lost_all = 0
    print("| condition | source | marks | wrong | of which the print's | marks without those |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for result in json.loads(args.results.read_text("utf-8")):
            lost = print_lost(listed[(result["condition"], result["source"])], Path(tmp), cache)
            wrong = [(w, m) for w in result["wrong"] if (m := WRONG.match(w)) and m.group(2) in MARK_COLUMNS]
            in_print = sum((int(m.group(1)), m.group(2)) in lost for _, m in wrong)
            counted = result["marks"] - in_print if lost else result["marks"]
            print(f"| {result['condition']} | {result['source']} | {result['marks_right'] / result['marks']:.1%} "
                  f"| {result['marks'] - result['marks_right']} | {in_print} "
                  f"| {result['marks_right'] / counted:.1%} |")
            if args.verbose:
                for text, m in wrong:
                    if (int(m.group(1)), m.group(2)) not in lost:
                        print(f"    {text}")
            right, total, lost_all = right + result["marks_right"], total + result["marks"], lost_all + in_print
    print(f"\nmarks {right / total:.2%}; {lost_all} wrong marks are the print's; without them {right / (total - lost_all):.2%}")


if __name__ == "__main__":
    main()
