"""The tool's version and the version of the items contract it writes.

A module of its own, importing nothing, so that the modules that stamp an output with
them (output/, schemas.contract, batch, cli) import neither the package's door (whose
lazy `read_items` reaches into output/ again) nor pyarrow: `catalogue --version`
answers without either.
"""

__version__ = "0.1.0"
# The version of the items contract (catalogue.schemas.contract) this tool writes.
CONTRACT_VERSION = "1.2"
