"""Raw tables → contract rows. Never imports a PDF library."""

from catalogue.normalise.items import normalise_tables

__all__ = ["normalise_tables"]
