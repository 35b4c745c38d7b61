"""Charts and field maps drawn as SVG on the server (no script, no tile server, no basemap).

Every function returns SVG markup (escaped text, ``role="img"`` with a title
for screen readers) that the templates embed as is.
"""

from __future__ import annotations

import json
import math
from html import escape

from markupsafe import Markup

#: Colours of successive series (Okabe and Ito 2008 colour-blind-safe palette).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WIDTH, HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 60, 24, 26, 34


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering ``lo..hi`` (1-2-5 steps)."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 5, 10) if s * mag >= raw)
    start = math.floor(lo / step) * step
    return [start + k * step for k in range(int(math.ceil((hi - start) / step)) + 1)]


def _fmt(v: float) -> str:
    if abs(v) >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:.1f}"


def line_chart(title: str, unit: str, series: list[dict]) -> Markup:
    """A line per series with its P10-P90 band.

    Parameters
    ----------
    title, unit : str
        Chart title and y-axis unit (already translated).
    series : list of dict
        ``{"name": str, "x": [int], "p50": [float], "p10": [float], "p90": [float]}``.
    """
    xs = [x for s in series for x in s["x"]]
    ys = [v for s in series for k in ("p10", "p50", "p90") for v in s[k] if v is not None]
    if not xs or not ys:
        return Markup("")
    ticks = _ticks(min(0.0, min(ys)), max(ys))
    y0, y1 = ticks[0], ticks[-1]
    x0, x1 = min(xs), max(xs)
    pw, ph = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def px(x):
        return _LEFT + (pw * (x - x0) / (x1 - x0) if x1 > x0 else pw / 2)

    def py(y):
        return _TOP + ph * (1 - (y - y0) / (y1 - y0))

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for t in ticks:
        parts.append(f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{py(t):.1f}" '
                     f'y2="{py(t):.1f}" stroke="#ddd"/><text x="{_LEFT - 6}" y="{py(t) + 4:.1f}" '
                     f'text-anchor="end" font-size="12">{_fmt(t)}</text>')
    for x in sorted(set(xs)):
        parts.append(f'<text x="{px(x):.1f}" y="{HEIGHT - 16}" text-anchor="middle" '
                     f'font-size="12">{x}</text>')
    parts.append(f'<text x="4" y="12" font-size="12">{escape(unit)}</text>')
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        pts = [(x, lo, mid, hi) for x, lo, mid, hi in zip(s["x"], s["p10"], s["p50"], s["p90"],
                                                          strict=True) if mid is not None]
        if not pts:
            continue
        band = [f"{px(x):.1f},{py(hi):.1f}" for x, _lo, _m, hi in pts]
        band += [f"{px(x):.1f},{py(lo):.1f}" for x, lo, _m, _hi in reversed(pts)]
        parts.append(f'<polygon points="{" ".join(band)}" fill="{colour}" fill-opacity="0.15" '
                     f'stroke="none"/>')
        line = " ".join(f"{px(x):.1f},{py(m):.1f}" for x, _lo, m, _hi in pts)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" '
                     f'stroke-width="2.5"/>')
        for x, _lo, m, _hi in pts:
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(m):.1f}" r="3" fill="{colour}"/>')
        lx = _LEFT + 8 + min(200, (WIDTH - _LEFT - 8) // len(series)) * k
        parts.append(f'<rect x="{lx}" y="{HEIGHT - 10}" width="10" height="10" '
                     f'fill="{colour}"/><text x="{lx + 14}" y="{HEIGHT - 1}" '
                     f'font-size="12">{escape(s["name"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, bars: list[tuple[str, float]]) -> Markup:
    """Horizontal bars ``(label, value)`` (labels already translated)."""
    if not bars:
        return Markup("")
    top = max(v for _l, v in bars) or 1.0
    row, width, label_w = 28, 400, 130
    height = row * len(bars) + 8
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for k, (label, value) in enumerate(bars):
        y = 4 + k * row
        w = (width - label_w - 50) * value / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="13">'
            f'{escape(label)}</text><rect x="{label_w}" y="{y + 3}" width="{w:.1f}" '
            f'height="{row - 8}" fill="{PALETTE[0]}"/><text x="{label_w + w + 6:.1f}" '
            f'y="{y + 16}" font-size="13">{_fmt(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _rings(geometry: str) -> list[list[tuple[float, float]]]:
    doc = json.loads(geometry)
    coords = doc["coordinates"]
    polys = coords if doc["type"] == "MultiPolygon" else [coords]
    return [[(float(x), float(y)) for x, y, *_z in ring] for poly in polys for ring in poly]


def field_map(title: str, fields: list[dict], highlight: int | None = None,
              size: int = 360) -> Markup:
    """Field polygons (WGS84 GeoJSON) in a local equirectangular projection, north up.

    x = lon * cos(mean lat), y = lat: shapes are true to within the
    equirectangular error (< 0.1 % over a farm's few kilometres).
    """
    shapes = [(f, _rings(f["geometry"])) for f in fields if f.get("geometry")]
    pts = [p for _f, rings in shapes for ring in rings for p in ring]
    if not pts:
        return Markup("")
    lat0 = sum(p[1] for p in pts) / len(pts)
    k = math.cos(math.radians(lat0))
    xs = [p[0] * k for p in pts]
    ys = [p[1] for p in pts]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1e-6
    pad = 0.08 * span
    scale = size / (span + 2 * pad)
    parts = [f'<svg class="map" viewBox="0 0 {size} {size}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
             f'<rect width="{size}" height="{size}" fill="#f4f1e8"/>']
    for f, rings in shapes:
        colour = PALETTE[2] if f["id"] == highlight or highlight is None else "#9aa"
        for ring in rings:
            path = " ".join(f"{(x * k - min(xs) + pad) * scale:.1f},"
                            f"{(max(ys) - y + pad) * scale:.1f}" for x, y in ring)
            parts.append(f'<polygon points="{path}" fill="{colour}" fill-opacity="0.55" '
                         f'stroke="#1b4332" stroke-width="1.5"><title>{escape(f["name"])}'
                         f'</title></polygon>')
        cx = (sum(x for x, _y in rings[0]) / len(rings[0]) * k - min(xs) + pad) * scale
        cy = (max(ys) - sum(y for _x, y in rings[0]) / len(rings[0]) + pad) * scale
        parts.append(f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-size="12">'
                     f'{escape(str(f["name"]))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
