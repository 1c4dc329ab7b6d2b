"""How the CLI talks about its own command line: a usage error is one line on stderr that
names the command, the option and what it accepts, and exits 2 (never Typer's Rich box),
and a flag is shown in help as a flag, with no `<bool>` after it.

`Group` and `Command` are the Typer classes of `catalogue.cli`'s app and commands.
Typer ≥ 0.29 carries its own copy of click; its exceptions are imported from there.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import choice_coercion_annotation, coerce_cli_choice, coerce_cli_path
from typer.core import TyperCommand, TyperGroup, _TyperParameter

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


def check_regular_files(paths: Sequence[Path]) -> None:
    """Inputs that are read as files must be regular files (or folders, where the command
    takes them): a named pipe or a device would block the read, or be read only once."""
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as error:  # a dangling link or a symlink loop
            raise InputProblem(f"{path} cannot be read ({error.strerror or error})") from error
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise InputProblem(f"{path} is not a regular file (a named pipe or a device)")


def check_written_file(path: Path, option: str, *, inputs: Sequence[Path], suffix: str | None,
                       ours: Callable[[Path], bool], what: str) -> None:
    """A file a command writes (a report, a picture) may be new, or one that this command
    wrote before (`ours`); never an input of the command, nor any other file that is there,
    and its folder must be there. `what` names what the command writes, for the message."""
    if suffix is not None and path.suffix.lower() != suffix:
        raise InputProblem(f"{option} {path}: {what} is written as {suffix}; give a name ending in {suffix}")
    if not path.parent.is_dir():
        raise InputProblem(f"{option} {path}: no such folder {path.parent}")
    if not path.exists() and not path.is_symlink():
        return
    if path.is_dir():
        raise InputProblem(f"{option} {path} is a folder, not a file")
    for given_path in inputs:
        try:
            same = path.samefile(given_path)
        except OSError:
            same = False
        if same:
            raise InputProblem(f"{option} {path} is an input of this command; it is never written over")
    if not path.is_file() or path.is_symlink() or not ours(path):
        raise InputProblem(f"{option} {path} is there and is not {what}; it is never written over (give another name)")


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


class _NotPlain(Exception):
    """A command-line value that only typer's own coercion can answer for."""


# The plain spellings of numbers, which pydantic and int()/float() read alike.
_WHOLE = re.compile(r"0|[1-9][0-9]*")
_DECIMAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")


def _plain(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """`value` as typer's pydantic TypeAdapter for `annotation` would give it, where the
    answer is plain: a choice, a Path or str given as one, a number spelt plainly within
    its bounds, a bool; _NotPlain for anything else (typer's adapter answers it, and
    words its errors)."""
    if info.parser is not None:
        raise _NotPlain
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        values = value if isinstance(value, (list, tuple)) else [value]
        return [_plain(item, info, v, param, ctx) for v in values]
    choice = choice_coercion_annotation(annotation, info)
    if choice is not None:  # typer's own rule, which its adapter calls (a ValueError if none fits)
        return coerce_cli_choice(value, choices=choice[0], case_sensitive=choice[1], ctx=ctx)
    if annotation in (int, float) and not info.clamp:
        return _plain_number(annotation, info, value)
    if (annotation is bool or annotation is str) and type(value) is annotation:
        return value
    if annotation is Path and info.path_type is None and type(value) in (str, Path) and value and "\x00" not in str(value):
        # typer's own checks; a str is made a Path first, as pydantic makes it
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    raise _NotPlain


def _plain_number(kind: type[int] | type[float], info: Any, value: Any) -> int | float:
    if type(value) is kind:
        number = value
    elif type(value) is str and (_WHOLE if kind is int else _DECIMAL).fullmatch(value):
        number = kind(value)
    else:
        raise _NotPlain
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        raise _NotPlain  # typer's adapter says what the bounds are
    return number


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """Typer's coercion of a parameter's value without building a pydantic TypeAdapter
    where the value is plain (`_plain`): typer 0.29 builds one for every parameter a
    command is given, defaults included, and importing pydantic for it is about a
    seventh of a small file's whole run. Any other value, and every error, goes through
    typer's own coercion, so what is accepted and every message stay typer's."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return _plain(self.annotation, self.parameter_info, value, param, ctx)
        except (_NotPlain, ValueError, BadParameter):
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


def _plain_params(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            descriptor = param.type_descriptor
            if descriptor.file_annotation is None:  # a file opened by typer stays typer's
                param._runtime_param = PlainParam(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info)
    return params


def _is_path(param: Any) -> bool:
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    return annotation is Path or (get_origin(annotation) is list and get_args(annotation) == (Path,))


def _no_empty_paths(command: Any, ctx: Any, args: list[str]) -> None:
    """An empty string given for a path is a usage error: typer would make it Path(""),
    the working folder, so `-o "$OUT"` with OUT unset would write there and
    `extract "$IN"` read all of it. Asked of the raw values, before any coercion."""
    raw, _, _ = command.make_parser(ctx).parse_args(args=list(args))
    for param in command.get_params(ctx):
        value = raw.get(param.name)
        values = value if isinstance(value, (list, tuple)) else [value]
        if _is_path(param) and "" in values:
            name = param.opts[0] if param.opts and param.opts[0].startswith("-") else str(param.name).upper()
            raise BadParameter("must not be empty (an unset shell variable?)", param=param, param_hint=name)


class Command(TyperCommand):
    """A command whose flags (--help too) are shown as flags in help, whose values are
    coerced without pydantic where they are plain (PlainParam), and whose paths are
    never empty (_no_empty_paths)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_params(_flags_as_flags(super().get_params(ctx)))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _no_empty_paths(self, ctx, args)
        return super().parse_args(ctx, args)


class Group(TyperGroup):
    """The app: its flags shown as flags, its values coerced as Command's, and every usage
    error of its commands and of its own options as one line."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_params(_flags_as_flags(super().get_params(ctx)))

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
