"""The recogniser's misreads, repaired in each OCR cell's text before it becomes a RawCell,
so that normalise/ reads the text as it is printed and has no branch for OCR's errors.

A repair here rewrites text where the misreading is certain from the text alone,
whatever column the cell is in: a number of days is never followed by punctuation
before its unit, and a lone f, E or v, or a 、 starting a line, never stands before an
option label in running text, where the recogniser reads it for a symbol font's box or
a bare check mark (schemas/mark_segments.py). What depends on how reliable a reading
is, and not on the text (a mark left unknown where a scan's mark is uncertain, a
repeated header read with a cell wrong), is a decision normalise/ makes from
`RawTable.recognised`, and stays there.
"""

from __future__ import annotations

import re

from catalogue.schemas.mark_segments import lookalikes_as_marks
from catalogue.schemas.vocabulary import DAY_UNITS

_DAY_UNIT = r"\s*个?\s*(?:" + "|".join(map(re.escape, DAY_UNITS)) + ")"
# A speck between a number and its unit is read as a stop ("20.日内"): a number of days
# is never followed by punctuation before its unit, and a decimal ("1.5日") has a digit
# after its point, so it is left alone.
_SPECK_BEFORE_UNIT = re.compile(rf"(?<=\d)[.·．'`]+(?={_DAY_UNIT})")


def repair_misreads(text: str) -> str:
    """The cell's text without the recogniser's certain misreads ("20.日内" → "20日内",
    "f政府网站 v政府公报" → "☐政府网站 ☑政府公报")."""
    return lookalikes_as_marks(_SPECK_BEFORE_UNIT.sub("", text))
