"""Bring src/zhassyl/locale/{ru,kk}.po in step with the messages used in the code.

Adds every new message id with an empty translation (to be filled in), keeps the
existing translations, and drops ids no longer used.  Usage:
    .venv/bin/python scripts/update_catalogues.py
"""

from __future__ import annotations

from pathlib import Path

from zhassyl.i18n import extract_messages, format_po, parse_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "zhassyl"


def main() -> None:
    ids = extract_messages(SRC)
    for lang in ("ru", "kk"):
        path = SRC / "locale" / f"{lang}.po"
        old = parse_po(path.read_text(encoding="utf-8")) if path.exists() else {}
        entries = {i: old.get(i, "") for i in ids}
        path.write_text(format_po(entries, lang), encoding="utf-8")
        missing = sum(1 for v in entries.values() if not v)
        print(f"{path.relative_to(ROOT)}: {len(entries)} messages, {missing} untranslated")


if __name__ == "__main__":
    main()
