"""Allow ``python -m zhassyl``."""

from zhassyl.cli import main

raise SystemExit(main())
