"""Legacy and WPS formats (.doc, .wps, .et, and .xls that xlrd cannot read) through
LibreOffice: converted headless to .docx / .xlsx in a temporary folder, with a
throw-away profile (so a running LibreOffice or a user's settings play no part) and
a time limit, then read like any .docx / .xlsx. Macros are never run: conversion
loads the file as data (LibreOffice's default macro security refuses them headless).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from catalogue.errors import DamagedInput, MissingDependency
from catalogue.scratch import kill_group, started_group, temporary_folder

# A catalogue of a few hundred pages converts in seconds; a file that takes longer
# is hanging LibreOffice (a damaged file, a dialog it waits on).
CONVERT_SECONDS = 120
SOFFICE_NAMES = ("soffice", "libreoffice")
# LibreOffice will not start without a font (fonts-opensymbol, a dependency of its Debian
# packages, normally sees to that); it says so on stderr, then crashes.
NO_FONTS_SAYS = "No fonts could be found"
NO_FONTS_HINT = ("LibreOffice cannot start: it finds no font on this system "
                 "(Debian: apt-get install fonts-opensymbol)")
INSTALL_HINT = {
    "docx": "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) to read {what} files",
    "xlsx": "install LibreOffice (Debian: apt-get install libreoffice-calc-nogui) to read {what} files",
}


def soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice(target: str, what: str, source: str) -> str:
    found = soffice()
    if found is None:
        raise MissingDependency(INSTALL_HINT[target].format(what=what), source=source)
    return found


def convert(path: Path, target: str, what: str, source: str, out_dir: Path) -> Path:
    """The file converted by LibreOffice to `target` ("docx" or "xlsx") inside out_dir;
    `what` is the suffix LibreOffice is to see (".doc", ".wps", ".et" …)."""
    program = require_soffice(target, what, source)
    profile = out_dir / "profile"
    # LibreOffice names its output after the input's stem; a copy under a plain name
    # keeps odd file names (spaces, leading dashes) out of its command line.
    staged = out_dir / f"input{what}"
    shutil.copyfile(path, staged)
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", target, "--outdir", str(out_dir), str(staged)]
    env = {**os.environ, "HOME": str(out_dir)}
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   start_new_session=True)
    except OSError as error:
        raise MissingDependency(f"LibreOffice could not be started ({error})", source=source) from None
    # Its own session: LibreOffice and its helpers only are killed by its group, here at
    # its time limit or when this process is stopped, or by the run if this one is killed.
    with started_group(out_dir, process.pid):
        try:
            _, err = process.communicate(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            kill_group(process.pid)
            process.communicate()
            raise DamagedInput(f"LibreOffice did not convert the file within {CONVERT_SECONDS} s "
                               "(CONVERT_SECONDS); is it damaged?", source=source) from None
        except BaseException:  # KeyboardInterrupt, SystemExit of a stopped run
            kill_group(process.pid)
            process.communicate()
            raise
    result = out_dir / f"input.{target}"
    if process.returncode != 0 or not result.is_file():
        said = err.decode("utf-8", "replace")
        if NO_FONTS_SAYS in said:
            raise MissingDependency(NO_FONTS_HINT, source=source)
        detail = said.strip().splitlines()
        reason = detail[-1] if detail else f"exit code {process.returncode}"
        raise DamagedInput(f"LibreOffice could not convert this {what} file ({reason})", source=source)
    return result


def converted_pages(path: Path, target: str, what: str, source: str) -> list:
    """The pages of the file, read from its LibreOffice conversion."""
    from catalogue.extract.office.docx import docx_pages
    from catalogue.extract.office.xlsx import xlsx_pages

    with temporary_folder("catalogue-office-") as folder:
        result = convert(path, target, what, source, folder)
        return docx_pages(result, source) if target == "docx" else xlsx_pages(result, source)
