"""catalogue: Chinese government information-disclosure catalogues → clean, typed tables."""

__version__ = "0.1.0"
