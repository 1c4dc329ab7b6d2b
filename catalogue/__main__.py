"""`python -m catalogue`: the same CLI as the `catalogue` command, for when its script is
not on PATH (a venv not activated, `pip install --user`)."""

from catalogue.cli import app

if __name__ == "__main__":
    app(prog_name="catalogue")
