"""catalogue: Chinese government information-disclosure catalogues → clean, typed tables."""

from typing import TYPE_CHECKING

from catalogue.version import CONTRACT_VERSION, __version__

__all__ = ["CONTRACT_VERSION", "__version__"]

if not TYPE_CHECKING:
    # Hidden from the type checker: a package-level __getattr__ (or importing frame here
    # for it) ties the package into one import cycle with the contract's lazy SCHEMA,
    # which mypy then cannot resolve. Type-checked code imports catalogue.frame.read_items.

    def __getattr__(name: str) -> object:
        # catalogue.read_items without importing pandas and pyarrow with the package (the
        # CLI's light commands import catalogue and must stay light).
        if name == "read_items":
            from catalogue.frame import read_items

            return read_items
        raise AttributeError(f"module 'catalogue' has no attribute {name!r}")
