"""Office files with a password to open, decrypted with the password the user gave
(--password / CATALOGUE_PASSWORD) by msoffcrypto-tool: OOXML packages (agile and
standard encryption), Excel 97 (RC4, CryptoAPI) and Word 97 files. The plain file is
written to a private temporary folder under the same name (LibreOffice picks its
import filter by the name) and read as any other; it is gone when the reading is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from catalogue.errors import DamagedInput, EncryptedInput
from catalogue.scratch import temporary_folder


@contextmanager
def decrypted(path: Path, source: str, password: str) -> Iterator[Path]:
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    # In the run's scratch folder: a worker killed while it reads the plain copy leaves it
    # for the run to remove (catalogue.scratch), never in /tmp for ever.
    with temporary_folder("catalogue-decrypted-") as folder:
        plain = folder / path.name
        try:
            with path.open("rb") as handle, plain.open("wb") as out:
                office = msoffcrypto.OfficeFile(handle)
                office.load_key(password=password)
                office.decrypt(out)
        except InvalidKeyError:
            raise EncryptedInput("password-protected Office file; the password given does not open it",
                                 source=source) from None
        except (DecryptionError, FileFormatError, NotImplementedError) as error:
            raise DamagedInput(f"password-protected Office file that cannot be decrypted ({error})",
                               source=source) from None
        except (OSError, ValueError, KeyError, IndexError) as error:  # msoffcrypto on a damaged container
            raise DamagedInput(f"password-protected Office file that cannot be decrypted ({type(error).__name__}: "
                               f"{error})", source=source) from None
        yield plain
