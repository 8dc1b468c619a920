"""Entry point: `python build.py [--serve]` builds content/ into site/."""
import sys

from newsroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
