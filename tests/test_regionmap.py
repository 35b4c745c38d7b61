"""Packaged region boundaries, their simplification and the scale-up's choropleth."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter
from importlib import resources

import numpy as np
import pytest
from matplotlib.path import Path as MplPath

from zhassyl.scale.regionmap import (
    CLASS_COLOURS,
    NEGATIVE_COLOURS,
    NO_VALUE,
    POSITIVE_COLOURS,
    boundaries,
    choropleth_svg,
    class_breaks,
    classes,
    douglas_peucker,
    simplify_rings,
)

SVG = "{http://www.w3.org/2000/svg}"
MODEL_REGIONS = {"kyzylorda", "almaty", "turkistan", "east-kazakhstan", "akmola", "karaganda",
                 "mangystau"}


def test_douglas_peucker_by_hand():
    # chord (0,0)-(6,0): (5,3) is 3 away -> kept; chord (0,0)-(5,3), line y = 0.6 x:
    # (4,0) is 2.4/sqrt(1.36) = 2.06 away -> kept; chord (0,0)-(4,0): the wiggles are at
    # most 0.05 away -> dropped at tolerance 0.1, the first kept at 0.04
    pts = np.array([(0, 0), (1, 0.05), (2, -0.05), (3, 0.02), (4, 0), (5, 3), (6, 0)], float)
    assert np.flatnonzero(douglas_peucker(pts, 0.1)).tolist() == [0, 4, 5, 6]
    assert douglas_peucker(pts, 0.04)[1]
    assert douglas_peucker(pts, 0.0).all()
    assert douglas_peucker(pts[:2], 10.0).all()     # end points always kept


def _jagged(n=40, amp=0.01, seed=0):
    rng = np.random.default_rng(seed)
    y = np.linspace(0.0, 1.0, n)
    return [(1.0 + amp * float(rng.uniform(-1, 1)), float(v)) for v in y]


def test_a_shared_border_is_simplified_once_for_both_neighbours():
    border = _jagged()                      # from (1, 0) up to (1, 1), wiggling
    border[0], border[-1] = (1.0, 0.0), (1.0, 1.0)
    left = [(0.0, 0.0), *border, (0.0, 1.0), (0.0, 0.0)]
    right = [(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), *reversed(border)]
    right.append(right[0])
    a, b = simplify_rings([left, right], tolerance=0.05)
    assert a[0] == a[-1] and b[0] == b[-1]
    shared_a = [p for p in a[:-1] if p[0] not in (0.0, 2.0)]
    shared_b = [p for p in b[:-1] if p[0] not in (0.0, 2.0)]
    assert sorted(map(tuple, shared_a)) == sorted(map(tuple, shared_b))
    assert 2 <= len(shared_a) < len(border)      # simplified, corners kept
    assert (1.0, 0.0) in map(tuple, shared_a) and (1.0, 1.0) in map(tuple, shared_a)


@pytest.fixture(scope="module")
def geojson():
    text = (resources.files("zhassyl") / "data" / "maps" / "kazakhstan_regions.geojson"
            ).read_text(encoding="utf-8")
    return json.loads(text)


def test_packaged_boundaries_name_their_source_and_the_model_regions(geojson):
    assert "Natural Earth" in geojson["source"] and "public domain" in geojson["source"]
    source_note = resources.files("zhassyl") / "data" / "maps" / "SOURCE.md"
    text = source_note.read_text(encoding="utf-8")
    for word in ("ISC", "public domain", "Abai", "Zhetysu", "Ulytau", "2022"):
        assert word in text
    regions = boundaries()
    assert len(regions) == 17
    mapped = [r.region for r in regions if r.region]
    assert sorted(mapped) == sorted(MODEL_REGIONS)          # each model region once
    for reg in regions:
        assert set(reg.names) == {"en", "ru", "kk"}
        for poly in reg.polygons:
            for ring in poly:
                assert len(ring) >= 4 and np.array_equal(ring[0], ring[-1])
                assert ((40.0 < ring[:, 1]) & (ring[:, 1] < 56.0)).all()
                assert ((46.0 < ring[:, 0]) & (ring[:, 0] < 88.0)).all()


def test_each_region_holds_its_weather_station():
    """The stations of data/regions/stations.csv (WMO coordinates) fall in their own region."""
    path = resources.files("zhassyl") / "data" / "regions" / "stations.csv"
    with path.open(encoding="utf-8") as fh:
        stations = {r["region"]: (float(r["lon_deg"]), float(r["lat_deg"]))
                    for r in csv.DictReader(fh)}
    outer = {r.region: [MplPath(poly[0]) for poly in r.polygons]
             for r in boundaries() if r.region}
    for region, point in stations.items():
        inside = {k for k, paths in outer.items() if any(p.contains_point(point) for p in paths)}
        assert inside == {region}, (region, point, inside)


def test_neighbours_share_their_simplified_border():
    def segments(reg):
        out = set()
        for poly in reg.polygons:
            for ring in poly:
                pts = [tuple(p) for p in ring.tolist()]
                out |= {frozenset(s) for s in zip(pts[:-1], pts[1:], strict=True)}
        return out

    by = {r.code: segments(r) for r in boundaries()}
    for a, b in [("KZ-QO", "KZ-SK"), ("KZ-QG", "KZ-AM"), ("KZ-AA", "KZ-EK"),
                 ("KZ-QO", "KZ-KAB"), ("KZ-AA", "KZ-AC")]:
        assert len(by[a] & by[b]) >= 3, (a, b)
    counts = Counter(s for segs in by.values() for s in segs)
    assert max(counts.values()) == 2      # a segment borders at most two regions


def test_quantile_classes():
    bounds = classes([1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_allclose(bounds, [1.8, 2.6, 3.4, 4.2, 5.0])


def test_choropleth_fills_by_class_and_greys_the_rest():
    values = {"kyzylorda": 61.1, "almaty": 12.3, "turkistan": 25.0, "east-kazakhstan": 3.2,
              "akmola": 1.1, "karaganda": 0.9, "mangystau": 0.2, "nowhere": 5.0}
    svg = choropleth_svg(values, title="Water <saved>", unit="million m3", note="level farm")
    root = ET.fromstring(svg)
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 17
    fill = {p.get("data-region"): p.get("fill") for p in paths if p.get("data-region")}
    assert fill["kyzylorda"] == CLASS_COLOURS[-1]
    assert fill["mangystau"] == CLASS_COLOURS[0]
    assert CLASS_COLOURS.index(fill["turkistan"]) > CLASS_COLOURS.index(fill["akmola"])
    others = [p.get("fill") for p in paths if not p.get("data-region")]
    assert len(others) == 10 and set(others) == {NO_VALUE}
    text = "".join(root.itertext())
    assert "Water <saved>" in text and "level farm" in text and "61.1" in text
    assert "Natural Earth" in text


def test_negative_values_are_brown_and_positive_green():
    values = {"kyzylorda": 91.6, "almaty": 41.2, "turkistan": -50.7, "east-kazakhstan": -1.5,
              "akmola": -0.9, "karaganda": -1.2, "mangystau": 0.95}
    breaks = class_breaks(list(values.values()))
    assert [c for _lo, _hi, c in breaks] == [*NEGATIVE_COLOURS, *POSITIVE_COLOURS]
    assert breaks[0][0] == -50.7 and breaks[-1][1] == 91.6
    assert breaks[1][1] == -0.9 and breaks[2][0] == 0.95      # no class spans zero
    root = ET.fromstring(choropleth_svg(values, title="t", unit="u"))
    fill = {p.get("data-region"): p.get("fill") for p in root.findall(f"{SVG}path")}
    assert fill["turkistan"] == NEGATIVE_COLOURS[0]
    assert fill["akmola"] in NEGATIVE_COLOURS and fill["mangystau"] in POSITIVE_COLOURS
    assert fill["kyzylorda"] == POSITIVE_COLOURS[-1]
    assert "\u221250.7" in "".join(root.itertext())          # a minus sign
