"""Web archives (.mht / .mhtml): a saved web page and its pictures in one MIME message,
as Word's "single file web page" and browsers write them. The page is one HTML part,
quoted-printable or base64, which the email package unpacks.

The input is untrusted: the parts are counted before parsing, and a message nested too
deeply for the parser is refused in one line."""

from __future__ import annotations

import re

from catalogue.errors import DamagedInput, UnsupportedInput

# The MIME headers open the file; Word writes them in its first lines, browsers too.
HEAD_BYTES = 4096
_MIME_HEAD = re.compile(rb"^(MIME-Version:|Content-Type:\s*multipart/related)", re.IGNORECASE | re.MULTILINE)
# A saved page is its HTML and its pictures and style sheets: tens of parts, a few
# hundred for a long one. Counted by the lines that could open a part (a boundary
# line starts with "--"; an HTML comment's "-->" may too), before any parsing, so a
# file of a hundred thousand empty parts is refused rather than parsed for minutes.
MAX_ARCHIVE_PARTS = 10_000
_BOUNDARY_LINE = re.compile(rb"^--", re.MULTILINE)


def looks_like_web_archive(data: bytes) -> bool:
    head = data[:HEAD_BYTES]
    return _MIME_HEAD.search(head) is not None and b"multipart/related" in head.lower()


def html_part(data: bytes, source: str) -> tuple[bytes, str | None]:
    """The archive's first HTML part, unpacked, and the charset it names (if any)."""
    parts = sum(1 for _ in _BOUNDARY_LINE.finditer(data))
    if parts > MAX_ARCHIVE_PARTS:
        raise DamagedInput(f"a web archive (MHT) of over {MAX_ARCHIVE_PARTS:,} parts; is this really a saved page?",
                           source=source)
    import email  # here: only a web archive needs the email package (0.015 CPU s of every process)
    import email.policy

    try:
        # compat32: the modern policy's header objects cost a hundred times more a part.
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    return payload, part.get_content_charset()
    except RecursionError as error:
        raise DamagedInput("a web archive (MHT) whose parts nest too deeply to read", source=source) from error
    raise UnsupportedInput("a web archive (MHT) without an HTML page in it", source=source)
