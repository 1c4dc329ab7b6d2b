"""`python -m catalogue`: the same CLI as the `catalogue` command, for when its script is
not on PATH (a venv not activated, `pip install --user`)."""

from catalogue.entry import main

if __name__ == "__main__":
    main()
