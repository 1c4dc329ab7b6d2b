"""How the CLI talks about its own command line: a usage error is one line on stderr that
names the command, the option and what it accepts, and exits 2 (never Typer's Rich box),
and a flag is shown in help as a flag, with no `<bool>` after it.

`Group` and `Command` are the Typer classes of `catalogue.cli`'s app and commands.
Typer ≥ 0.29 carries its own copy of click; its exceptions are imported from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn, get_args, get_origin

import typer
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

USAGE_EXIT = 2  # click's and the shell's convention for a command line that cannot run


class InputProblem(typer.BadParameter):
    """An input named on the command line that cannot be used as it stands (not there, a
    folder where a file is wanted, a file where a folder is): a usage error of any
    command, with one wording (see `no_such_input`, `not_a_file`, `not_a_folder`)."""


def no_such_input(path: object) -> InputProblem:
    return InputProblem(f"no such file or folder: {path}")


def not_a_file(path: object) -> InputProblem:
    return InputProblem(f"{path} is a folder, not a file")


def not_items(path: object) -> InputProblem:
    return InputProblem(f"{path} is a folder, not a file or an items/ dataset")


def not_a_folder(path: object, option: str) -> InputProblem:
    return InputProblem(f"{option} {path} is a file, not a folder")


def check_inputs(paths: Sequence[Path], *, folders: bool) -> None:
    """Every command's one rule for the inputs it is given: each must be there, and a
    folder only where the command takes folders. Paths are named as the user gave them."""
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise no_such_input(path)
        if not folders and path.is_dir():
            raise not_a_file(path)


def check_output_folder(path: Path, option: str = "--output") -> None:
    """An output folder may be new, but not a file that is there."""
    if path.exists() and not path.is_dir():
        raise not_a_folder(path, option)


def _choices(values: Sequence[object]) -> str:
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def accepts(param: Any) -> str | None:
    """What a parameter accepts, from its annotation: "auto, always or never", "a whole
    number of at least 1" …; None where the annotation says nothing useful."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if get_origin(annotation) is Literal:
        return _choices(get_args(annotation))
    low = getattr(param, "min", None)
    if annotation is int:
        return "a whole number" + (f" of at least {low}" if low is not None else "")
    if annotation is float:
        return "a number" + (f" of at least {low:g}" if low is not None else "")
    return None


def given(param: Any, args: Sequence[str]) -> str | None:
    """The value the command line gave an option (the last one, as click takes it):
    `--ocr x`, `--ocr=x`, `-wx`; None when it came from elsewhere (the environment)."""
    value = None
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("-")]
    for i, token in enumerate(args):
        if token == "--":
            break
        for opt in opts:
            if token == opt and i + 1 < len(args):
                value = args[i + 1]
            elif opt.startswith("--") and token.startswith(opt + "="):
                value = token[len(opt) + 1 :]
            elif not opt.startswith("--") and token.startswith(opt) and len(token) > len(opt):
                value = token[len(opt) :]
    return value


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    if text[1:2].isupper():  # an acronym (PDF) keeps its case
        return text
    return text[:1].lower() + text[1:]


def usage_line(error: UsageError, args: Sequence[str], command: str = "catalogue") -> str:
    """The one line for a usage error: "catalogue extract: --ocr must be auto, always or
    never (got 'sometimes')". `command` names the command where the error has no context."""
    command = error.ctx.command_path if error.ctx is not None else command
    if isinstance(error, InputProblem):
        return f"{command}: {error.message}"
    if isinstance(error, BadParameter) and not isinstance(error, InputProblem):
        param = error.param
        option = param.opts[0] if param is not None and param.opts and param.opts[0].startswith("-") else None
        if option is None and error.param_hint:
            hint = error.param_hint if isinstance(error.param_hint, str) else error.param_hint[0]
            option = hint.strip("'\"")
        wanted = accepts(param) if param is not None else None
        if option is not None and wanted is not None and param is not None and param.param_type_name == "option":
            value = given(param, args)
            got = f" (got {value!r})" if value is not None else ""
            return f"{command}: {option} must be {wanted}{got}"
        if type(error).__name__ == "MissingParameter" and param is not None:
            name = option or str(param.name).upper()
            wanted = _sentence(getattr(param, "help", None) or "")
            return f"{command}: {name} is missing" + (f" ({wanted})" if wanted else "")
        if option is not None:
            return f"{command}: {option} {_sentence(error.message)}"
    if isinstance(error, NoSuchOption):
        return f"{command}: no such option {error.option_name}"
    if isinstance(error, BadOptionUsage) and error.option_name and "does not take a value" in error.message:
        return f"{command}: {error.option_name} is a flag and takes no value"
    return f"{command}: {_sentence(error.message)}"


def _fail(error: UsageError, args: Sequence[str], command: str = "catalogue") -> NoReturn:
    # stderr as click finds it (CliRunner swaps sys.stderr); no Rich, no markup.
    typer.echo(usage_line(error, args, command), err=True)
    raise typer.Exit(USAGE_EXIT)


def _flags_as_flags(params: list[Any]) -> list[Any]:
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""  # Typer shows `<bool>` after a flag that has no metavar
    return params


class Command(TyperCommand):
    """A command whose flags (--help too) are shown as flags in help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_as_flags(super().get_params(ctx))


class Group(TyperGroup):
    """The app: its flags shown as flags, and every usage error of its commands and of
    its own options as one line."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_as_flags(super().get_params(ctx))

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        given_args = list(args)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise  # `catalogue` alone prints the help
        except UsageError as error:
            _fail(error, given_args)

    def invoke(self, ctx: Any) -> Any:
        given_args = [*ctx._protected_args, *ctx.args]
        name = given_args[0] if given_args and given_args[0] in self.commands else None
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            _fail(error, given_args, f"{ctx.command_path} {name}" if name else ctx.command_path)
