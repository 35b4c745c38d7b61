"""Kazakhstan's regions as packaged boundaries, and a choropleth of the scale-up's results.

The boundaries (``data/maps/kazakhstan_regions.geojson``, source and licence
in ``data/maps/SOURCE.md``) are Natural Earth's admin-1 polygons, simplified
once by ``scripts/build_region_map.py`` with :func:`simplify_rings`: the
Douglas-Peucker algorithm run on each border between two regions once, so
that neighbours keep one common simplified border (no gaps, no overlaps).

:func:`choropleth_svg` draws one value per region as a self-contained SVG
(no tiles, no scripts, no web fonts): an equirectangular projection scaled
by the cosine of the middle latitude, five quantile classes of the values
shown (a few large regions do not wash the others out; when some values are
negative, two brown classes below zero and three green above), regions
without a value in grey.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

import numpy as np

from zhassyl.i18n import _, current_language

#: Fill colours of the five classes, light to dark (ColorBrewer "YlGn", 5 classes;
#: Brewer, C.A., www.ColorBrewer.org, Apache-2.0 licence).
CLASS_COLOURS = ("#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837")
#: When values are negative too: two classes below zero, darkest the most negative
#: (ColorBrewer "BrBG"), and the three darker greens above.
NEGATIVE_COLOURS = ("#a6611a", "#dfc27d")
POSITIVE_COLOURS = CLASS_COLOURS[2:]
#: Fill of a region without a value.
NO_VALUE = "#e5e5e5"


# --- simplification ---------------------------------------------------------------------------

def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Which points of a polyline the Douglas-Peucker algorithm keeps.

    Douglas, D.H., Peucker, T.K. (1973). Algorithms for the reduction of the
    number of points required to represent a digitized line or its caricature.
    The Canadian Cartographer 10(2):112-122.  The first and last points are
    always kept; between two kept points, the point farthest from the segment
    joining them is kept when its distance exceeds ``tolerance`` (same units
    as the coordinates), and the two halves are treated the same way.

    Parameters
    ----------
    points : array (n, 2)
    tolerance : float

    Returns
    -------
    array of bool (n,)
    """
    pts = np.asarray(points, dtype=np.float64)
    n = len(pts)
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        inner = pts[a + 1:b]
        dist = _distance_to_segment(inner, pts[a], pts[b])
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            k = a + 1 + i
            keep[k] = True
            stack += [(a, k), (k, b)]
    return keep


def _distance_to_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ab = b - a
    length2 = float(ab @ ab)
    if length2 == 0.0:
        return np.hypot(*(p - a).T)
    t = np.clip(((p - a) @ ab) / length2, 0.0, 1.0)
    return np.hypot(*(p - (a + t[:, None] * ab)).T)


def simplify_rings(rings: Sequence[Sequence[Sequence[float]]], tolerance: float
                   ) -> list[list[list[float]]]:
    """Closed rings simplified so that a border shared by two rings stays shared.

    Each ring is cut into arcs at its *nodes*, the vertices where the set of
    rings passing through a vertex changes (where a border between two regions
    meets a third region or the outside); every arc is simplified once by
    :func:`douglas_peucker`, and a ring that runs along it the other way takes
    the same points reversed.  A ring without nodes (an island, or a city
    inside its region) is one arc from its smallest vertex.  A ring that
    would keep fewer than four positions is kept whole.
    """
    keyed = [[tuple(map(float, p)) for p in ring[:-1]] for ring in rings]
    where: dict[tuple, set[int]] = {}
    for i, ring in enumerate(keyed):
        for p in ring:
            where.setdefault(p, set()).add(i)
    done: dict[tuple, list[tuple]] = {}

    def arc(points: list[tuple]) -> list[tuple]:
        key, rev = tuple(points), tuple(reversed(points))
        if key in done:
            return done[key]
        if rev in done:
            return list(reversed(done[rev]))
        canonical = min(key, rev)
        mask = douglas_peucker(np.array(canonical), tolerance)
        done[canonical] = [p for p, k in zip(canonical, mask, strict=True) if k]
        return arc(points)

    out = []
    for ring in keyed:
        n = len(ring)
        sets = [frozenset(where[p]) for p in ring]
        nodes = [i for i in range(n)
                 if sets[i] != sets[i - 1] or sets[i] != sets[(i + 1) % n] or len(sets[i]) > 2]
        if not nodes:
            start = ring.index(min(ring))
            nodes = [start]
        pieces: list[tuple] = []
        for j, a in enumerate(nodes):
            b = nodes[(j + 1) % len(nodes)]
            span = [ring[(a + k) % n] for k in range(((b - a) % n or n) + 1)]
            pieces += arc(span)[:-1]
        simplified = [list(p) for p in pieces] + [list(pieces[0])]
        out.append(simplified if len(simplified) >= 4 else [list(p) for p in ring]
                   + [list(ring[0])])
    return out


# --- boundaries -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    """One region's outline: names, the model's region id (or None), polygons (lon, lat)."""

    code: str
    names: Mapping[str, str]
    region: str | None
    polygons: tuple[tuple[np.ndarray, ...], ...]

    def name(self, lang: str | None = None) -> str:
        """The region's name in ``lang`` (default: the current language), else English."""
        return self.names.get(lang or current_language()) or self.names["en"]


@cache
def boundaries() -> tuple[Region, ...]:
    """The packaged regions (``data/maps/kazakhstan_regions.geojson``)."""
    text = (resources.files("zhassyl") / "data" / "maps" / "kazakhstan_regions.geojson"
            ).read_text(encoding="utf-8")
    out = []
    for f in json.loads(text)["features"]:
        g, p = f["geometry"], f["properties"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        out.append(Region(p["code"], {k[5:]: v for k, v in p.items() if k.startswith("name_")},
                          p.get("region"),
                          tuple(tuple(np.array(r, dtype=np.float64) for r in poly)
                                for poly in polys)))
    return tuple(out)


# --- choropleth -------------------------------------------------------------------------------

def classes(values: Sequence[float], n: int = len(CLASS_COLOURS)) -> np.ndarray:
    """Upper bounds of ``n`` quantile classes of ``values`` (the last is the largest value).

    Each class holds about the same number of values (quantiles at 1/n,
    2/n, ..., 1, linear interpolation); equal values share a class.
    """
    v = np.asarray(values, dtype=np.float64)
    return np.quantile(v, np.arange(1, n + 1) / n)


def class_breaks(values: Sequence[float]) -> list[tuple[float, float, str]]:
    """``(lower, upper, colour)`` of each class of ``values`` (:func:`classes`).

    Values of one sign: five quantile classes (:data:`CLASS_COLOURS`); values of
    both signs: the negative ones in two quantile classes
    (:data:`NEGATIVE_COLOURS`), the others in three (:data:`POSITIVE_COLOURS`).
    """
    v = np.sort(np.asarray(values, dtype=np.float64))
    neg, pos = v[v < 0.0], v[v >= 0.0]
    groups = ([(v, CLASS_COLOURS)] if len(neg) == 0 or len(pos) == 0
              else [(neg, NEGATIVE_COLOURS), (pos, POSITIVE_COLOURS)])
    out = []
    for group, colours in groups:
        bounds = classes(group, len(colours))
        lows = [float(group[0]), *map(float, bounds[:-1])]
        out += [(lo, float(hi), c) for lo, hi, c in zip(lows, bounds, colours, strict=True)]
    return out


def _fill(value: float, breaks: list[tuple[float, float, str]]) -> str:
    for _lo, hi, colour in breaks:
        if value <= hi:
            return colour
    return breaks[-1][2]


def _fmt(value: float) -> str:
    a = abs(value)
    text = f"{value:,.0f}" if a >= 100 else f"{value:,.1f}" if a >= 10 else f"{value:,.2f}"
    return text.replace("-", "\u2212")       # a minus sign, not a hyphen


def choropleth_svg(values: Mapping[str, float], *, title: str, unit: str,
                   note: str = "", width: int = 900) -> str:
    """An SVG map of Kazakhstan's regions filled by ``values`` (model region id -> value).

    Regions of the map without a value are grey; each region with a value is
    labelled with its name and value.  ``unit`` names the values' unit in the
    legend; ``note`` is printed under the map (what the numbers stand for).
    """
    regions = boundaries()
    pts = np.vstack([r for reg in regions for poly in reg.polygons for r in poly])
    lon0, lon1 = float(pts[:, 0].min()), float(pts[:, 0].max())
    lat0, lat1 = float(pts[:, 1].min()), float(pts[:, 1].max())
    kx = math.cos(math.radians((lat0 + lat1) / 2.0))
    margin, legend_h = 20.0, 120.0
    scale = (width - 2 * margin) / ((lon1 - lon0) * kx)
    map_h = (lat1 - lat0) * scale
    height = int(margin * 2 + 40 + map_h + legend_h)

    def xy(ring: np.ndarray) -> str:
        x = margin + (ring[:, 0] - lon0) * kx * scale
        y = margin + 40 + (lat1 - ring[:, 1]) * scale
        return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True))

    shown = [v for k, v in values.items() if any(r.region == k for r in regions)]
    breaks = class_breaks(shown) if shown else []
    body = []
    labels = []
    for reg in regions:
        value = values.get(reg.region) if reg.region else None
        fill = NO_VALUE if value is None else _fill(value, breaks)
        d = " ".join(f"M{xy(r)}Z" for poly in reg.polygons for r in poly)
        tip = escape(reg.name()) + ("" if value is None else f": {_fmt(value)} {escape(unit)}")
        body.append(f'<path d="{d}" fill="{fill}" stroke="#555" stroke-width="0.6" '
                    f'fill-rule="evenodd" data-region="{escape(reg.region or "")}" '
                    f'data-code="{escape(reg.code)}"><title>{tip}</title></path>')
        if value is not None:
            outer = reg.polygons[int(np.argmax([len(p[0]) for p in reg.polygons]))][0]
            cx = margin + (float(outer[:, 0].mean()) - lon0) * kx * scale
            cy = margin + 40 + (lat1 - float(outer[:, 1].mean())) * scale
            labels.append(
                f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-size="11">'
                f'<tspan x="{cx:.1f}" font-weight="bold">{escape(reg.name())}</tspan>'
                f'<tspan x="{cx:.1f}" dy="13">{_fmt(value)}</tspan></text>')
    ly = margin + 40 + map_h + 25
    legend = [f'<text x="{margin}" y="{ly - 8:.1f}" font-size="12">{escape(unit)}</text>']
    for i, (lo, hi, colour) in enumerate(breaks):
        x = margin + i * 130
        legend.append(f'<rect x="{x}" y="{ly:.1f}" width="24" height="16" fill="{colour}" '
                      f'stroke="#555" stroke-width="0.6"/>')
        legend.append(f'<text x="{x + 30}" y="{ly + 12:.1f}" font-size="11">'
                      f'{_fmt(lo)} – {_fmt(hi)}</text>')
    x = margin + len(breaks) * 130
    legend.append(f'<rect x="{x}" y="{ly:.1f}" width="24" height="16" fill="{NO_VALUE}" '
                  f'stroke="#555" stroke-width="0.6"/>')
    legend.append(f'<text x="{x + 30}" y="{ly + 12:.1f}" font-size="11">'
                  f'{escape(_("not modelled"))}</text>')
    foot = [f'<text x="{margin}" y="{ly + 40 + 15 * i:.1f}" font-size="10" fill="#333">'
            f'{escape(line)}</text>'
            for i, line in enumerate([*note.splitlines(), _(
                "Boundaries: Natural Earth admin-1 (public domain), simplified; regions as "
                "before 2022 (Abai, Zhetysu and Ulytau are inside East Kazakhstan, Almaty "
                "and Karaganda)")])]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif">'
            f'<rect width="100%" height="100%" fill="white"/>'
            f'<text x="{margin}" y="{margin + 16}" font-size="16" font-weight="bold">'
            f'{escape(title)}</text>'
            + "".join(body) + "".join(labels) + "".join(legend) + "".join(foot) + "</svg>\n")
