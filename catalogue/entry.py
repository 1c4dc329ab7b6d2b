"""The `catalogue` command's entry point, kept apart from catalogue.cli so that a Ctrl-C
while the CLI's libraries are still being imported (typer, rich, the readers: most of a
run's first second) ends with one line rather than a KeyboardInterrupt traceback. Once
the CLI runs, its own handling takes over: click turns a Ctrl-C into "Aborted!", and a
batch's stop_on_signals into "interrupted: ... run again to resume"."""

import signal
import sys

# The shell's convention for a command stopped by SIGINT, as batch.Interrupted uses.
STOPPED_BY_CTRL_C = 128 + signal.SIGINT


def main() -> None:
    try:
        from catalogue.cli import app
    except KeyboardInterrupt:
        # Nothing is read or written before the CLI is imported, so nothing is left behind.
        sys.stderr.write("\ninterrupted while starting: nothing was read or written\n")
        raise SystemExit(STOPPED_BY_CTRL_C) from None
    app(prog_name="catalogue")
