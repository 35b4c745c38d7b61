"""Merge translations given as JSON ({msgid: msgstr}) into src/zhassyl/locale/<lang>.po.

Usage: .venv/bin/python scripts/add_translations.py ru ru.json
Keeps existing translations unless the JSON gives a new one; checks placeholders.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from zhassyl.i18n import extract_messages, format_po, parse_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "zhassyl"
PH = re.compile(r"\{[^{}]*\}")


def main(lang: str, path: str) -> None:
    new = json.loads(Path(path).read_text(encoding="utf-8"))
    po = SRC / "locale" / f"{lang}.po"
    old = parse_po(po.read_text(encoding="utf-8"))
    for k, v in new.items():
        if sorted(PH.findall(k)) != sorted(PH.findall(v)):
            raise SystemExit(f"placeholders differ: {k!r} -> {v!r}")
    ids = extract_messages(SRC)
    entries = {i: new.get(i) or old.get(i, "") for i in ids}
    po.write_text(format_po(entries, lang), encoding="utf-8")
    print(f"{po.relative_to(ROOT)}: {sum(1 for v in entries.values() if not v)} untranslated")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
