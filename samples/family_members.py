"""Which members of a scan family a generator run writes: bookkeeping shared by the
scan-family generators (generate_scan_family.py, generate_scan_family_b.py), which
share nothing else."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any


def add_arguments(parser: argparse.ArgumentParser, out: Path, samples_out: str, halves: tuple[str, str]) -> None:
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--half", choices=halves, help="only this half")
    parser.add_argument("--conditions", nargs="*", help="only these conditions")
    parser.add_argument("--sources", nargs="*", help="only these sources")
    parser.add_argument("--seed", type=int,
                        help="draw every random degradation afresh (a new draw of a half no rule has seen)")
    parser.add_argument("--samples", action="store_true",
                        help=f"write the members the tests use to {samples_out}")


def chosen(members: list[dict[str, Any]], args: argparse.Namespace, test_members: tuple[tuple[str, str], ...],
           tune: str) -> list[dict[str, Any]]:
    """The members to write: the test members (--samples, all from the tuning half), or
    those of the half, conditions and sources asked for."""
    if args.samples:
        picked = [m for m in members if (m["condition"], m["source"]) in test_members]
        assert all(m["half"] == tune for m in picked), "test members come from the tuning half"
        return picked
    return [m for m in members if (args.half is None or m["half"] == args.half)
            and (not args.conditions or m["condition"] in args.conditions)
            and (not args.sources or m["source"] in args.sources)]


def main(generator: ModuleType) -> None:
    """A generator's command line: it has OUT, SAMPLES_OUT, SEED, TUNE, HELD_BACK,
    TEST_MEMBERS, family() and write_members(out, members, listed)."""
    parser = argparse.ArgumentParser(description=(generator.__doc__ or "").split("\n\n")[0])
    add_arguments(parser, generator.OUT, f"{generator.SAMPLES_OUT.relative_to(generator.ROOT)}/",
                  (generator.TUNE, generator.HELD_BACK))
    args = parser.parse_args()
    if args.seed is not None:
        generator.SEED = args.seed
    members = generator.family()
    picked = chosen(members, args, generator.TEST_MEMBERS, generator.TUNE)
    if args.samples:
        generator.write_members(generator.SAMPLES_OUT, picked, picked)
        write_seeded_samples(generator)
    else:
        generator.write_members(args.out, picked, members)


def write_files(out: Path, members: list[dict[str, Any]], make: Callable[[dict[str, Any]], bytes]) -> None:
    """Each member's file, `make(member)`, at its place under `out`, listed as it goes."""
    out.mkdir(parents=True, exist_ok=True)
    for m in members:
        target = out / m["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make(m))
        print(f"{m['half']:9} {m['file']:44} {target.stat().st_size // 1024:6} KB", flush=True)


def write_listing(out: Path, seed: int, listed: list[dict[str, Any]]) -> None:
    """family.json: the seed and every listed member (what each file is, its half and
    where its expected rows are)."""
    (out / "family.json").write_text(json.dumps({"seed": seed, "members": listed}, ensure_ascii=False, indent=1)
                                     + "\n", "utf-8")


def write_seeded_samples(generator: ModuleType) -> None:
    """The test members drawn with another seed (the generator's SEEDED_TEST_MEMBERS, if
    any), each under SAMPLES_OUT/seed-<seed>/ with a listing of its own: tuning members,
    as a new draw is no held-back member."""
    default = generator.SEED
    try:
        for seed, condition, source in getattr(generator, "SEEDED_TEST_MEMBERS", ()):
            generator.SEED = seed
            m = next(m for m in generator.family() if (m["condition"], m["source"]) == (condition, source))
            m = {**m, "half": generator.TUNE}
            generator.write_members(generator.SAMPLES_OUT / f"seed-{seed}", [m], [m])
    finally:
        generator.SEED = default
