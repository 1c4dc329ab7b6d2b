"""Web archives (.mht / .mhtml): a saved web page and its pictures in one MIME message,
as Word's "single file web page" and browsers write them. The page is one HTML part,
quoted-printable or base64, which the email package unpacks."""

from __future__ import annotations

import email.policy
import re
from email.message import EmailMessage
from email.parser import BytesParser

from catalogue.errors import UnsupportedInput

# The MIME headers open the file; Word writes them in its first lines, browsers too.
HEAD_BYTES = 4096
_MIME_HEAD = re.compile(rb"^(MIME-Version:|Content-Type:\s*multipart/related)", re.IGNORECASE | re.MULTILINE)


def looks_like_web_archive(data: bytes) -> bool:
    head = data[:HEAD_BYTES]
    return _MIME_HEAD.search(head) is not None and b"multipart/related" in head.lower()


def html_part(data: bytes, source: str) -> tuple[bytes, str | None]:
    """The archive's first HTML part, unpacked, and the charset it names (if any)."""
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    for part in message.walk():
        if isinstance(part, EmailMessage) and part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise UnsupportedInput("a web archive (MHT) without an HTML page in it", source=source)
