"""Text for a terminal or a text report, with control characters escaped."""

import re

# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what is shown.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control characters escaped: a file name holding a newline cannot forge
    an output line, nor an ESC sequence retitle or clear the screen."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def printable_lines(lines: list[str]) -> str:
    """Report lines, each escaped (a name or value in it cannot break it in two), one a line."""
    return "".join(printable(line) + "\n" for line in lines)
