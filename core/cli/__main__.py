"""Allow ``python -m core.cli`` (as when ``core/cli.py`` was a module)."""

from core.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
