"""Small SVG charts (grouped bars) and a field map drawn from polygons (no tile server).

Pure functions returning SVG text; every label is passed in already translated
and is escaped here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from html import escape

PALETTE = ("#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#c62828", "#00838f")
STATUS_COLOURS = {"restored": "#2e7d32", "established": "#9ccc65", "sown": "#fdd835",
                  "enrolled": "#ef6c00", "none": "#9e9e9e"}


def _fmt(v: float) -> str:
    if abs(v) >= 1e6:
        return f"{v / 1e6:.2f}M"
    if abs(v) >= 1e4:
        return f"{v / 1e3:.0f}k"
    return f"{v:,.0f}" if abs(v) >= 10 else f"{v:.2g}"


def bar_chart(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
              unit: str = "", width: int = 640, height: int = 260) -> str:
    """Grouped vertical bars: one group per category, one bar per series.

    Parameters
    ----------
    title : str
        Chart title (shown above the plot).
    categories : sequence of str
        Group labels along the x axis.
    series : sequence of (name, values)
        One value per category for each series; negative values go below the axis.
    unit : str
        Unit shown with the y axis.
    """
    left, right, top, bottom = 64, 12, 40, 54
    pw, ph = width - left - right, height - top - bottom
    values = [v for _n, vs in series for v in vs] or [0.0]
    vmax, vmin = max(max(values), 0.0), min(min(values), 0.0)
    if vmax == vmin:
        vmax = vmin + 1.0
    def y(v):
        return top + ph * (vmax - v) / (vmax - vmin)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" '
             f'font-size="11">',
             f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    for k in range(5):  # grid and y labels
        v = vmin + (vmax - vmin) * k / 4
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     f'stroke="#ddd"/><text x="{left - 4}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{_fmt(v)}</text>')
    parts.append(f'<text x="8" y="{top - 8}" fill="#555">{escape(unit)}</text>')
    n_cat, n_ser = max(len(categories), 1), max(len(series), 1)
    group = pw / n_cat
    bar = group * 0.8 / n_ser
    for i, cat in enumerate(categories):
        x0 = left + i * group + group * 0.1
        for j, (_name, vs) in enumerate(series):
            v = vs[i]
            y0, y1 = sorted((y(0.0), y(v)))
            parts.append(f'<rect x="{x0 + j * bar:.1f}" y="{y0:.1f}" width="{bar * 0.95:.1f}" '
                         f'height="{max(y1 - y0, 0.5):.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                         f'<title>{escape(_name)}: {v:,.2f}</title></rect>')
        parts.append(f'<text x="{x0 + group * 0.4:.1f}" y="{top + ph + 14}" '
                     f'text-anchor="middle">{escape(cat)}</text>')
    parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(0.0):.1f}" y2="{y(0.0):.1f}" '
                 f'stroke="#333"/>')
    lx = left
    for j, (name, _vs) in enumerate(series):  # legend
        parts.append(f'<rect x="{lx}" y="{height - 16}" width="10" height="10" '
                     f'fill="{PALETTE[j % len(PALETTE)]}"/><text x="{lx + 14}" '
                     f'y="{height - 7}">{escape(name)}</text>')
        lx += 24 + 7 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def _rings(geometry: str) -> list[list[tuple[float, float]]]:
    geo = json.loads(geometry)
    if geo["type"] == "Polygon":
        return [[tuple(p) for p in geo["coordinates"][0]]]
    if geo["type"] == "MultiPolygon":
        return [[tuple(p) for p in poly[0]] for poly in geo["coordinates"]]
    return []


def field_map(title: str, fields: Sequence[dict], status_labels: dict[str, str],
              width: int = 300, height: int = 220) -> str:
    """The fields of one area drawn from their polygons, coloured by restoration status.

    ``fields`` carry ``geometry`` (GeoJSON text, WGS84), ``status`` (a key of
    :data:`STATUS_COLOURS`) and ``label``.  Longitude is scaled by the cosine of
    the mean latitude (equirectangular), so shapes keep their proportions.
    """
    rings = [(f, r) for f in fields for r in _rings(f["geometry"])]
    pts = [p for _f, r in rings for p in r]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" '
             f'font-size="10"><rect width="{width}" height="{height}" fill="#f7f7f2" '
             f'stroke="#ccc"/><text x="6" y="14" font-size="12" font-weight="bold">'
             f'{escape(title)}</text>']
    if pts:
        lat0 = sum(p[1] for p in pts) / len(pts)
        kx = math.cos(math.radians(lat0))
        xs, ys = [p[0] * kx for p in pts], [p[1] for p in pts]
        x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
        span = max(x_max - x_min, y_max - y_min, 1e-6)
        scale = min(width - 20, height - 40) / span
        for f, ring in rings:
            d = " ".join(f"{10 + (x * kx - x_min) * scale:.1f},"
                         f"{height - 10 - (yy - y_min) * scale:.1f}" for x, yy in ring)
            colour = STATUS_COLOURS.get(f["status"], "#9e9e9e")
            parts.append(f'<polygon points="{d}" fill="{colour}" stroke="#333" '
                         f'stroke-width="0.6"><title>{escape(f["label"])}</title></polygon>')
        km = span * 111.32  # degrees of latitude to km (mean meridian degree)
        quarter = max(km / 4, 1e-3)
        step = 10 ** math.floor(math.log10(quarter))
        bar_km = max(m * step for m in (1, 2, 5) if m * step <= quarter)
        bar_px = bar_km / 111.32 * scale
        parts.append(f'<line x1="{width - 12 - bar_px:.1f}" x2="{width - 12}" y1="{height - 6}" '
                     f'y2="{height - 6}" stroke="#000" stroke-width="2"/><text '
                     f'x="{width - 12}" y="{height - 10}" text-anchor="end">{bar_km:g} km</text>')
    y0 = 28
    for key, label in status_labels.items():
        parts.append(f'<rect x="{width - 110}" y="{y0 - 8}" width="9" height="9" '
                     f'fill="{STATUS_COLOURS[key]}"/><text x="{width - 97}" y="{y0}">'
                     f'{escape(label)}</text>')
        y0 += 12
    parts.append("</svg>")
    return "".join(parts)
