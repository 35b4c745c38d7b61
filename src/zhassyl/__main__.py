"""``python -m zhassyl``: the command line (same as the ``zhassyl`` script)."""

import sys

from zhassyl.cli import main

if __name__ == "__main__":
    sys.exit(main())
