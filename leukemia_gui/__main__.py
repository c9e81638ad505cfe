"""Allow ``python -m leukemia_gui``."""

from leukemia_gui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
