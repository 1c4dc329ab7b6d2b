"""catalogue: Chinese government information-disclosure catalogues → clean, typed tables."""

__version__ = "0.1.0"
# The version of the items contract (catalogue.schemas.contract) this tool writes; kept
# here, beside the tool's, so `catalogue --version` answers without importing pyarrow.
CONTRACT_VERSION = "1.2"
