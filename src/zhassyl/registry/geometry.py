"""Field polygons: GeoJSON checks and geodesic area on the WGS84 ellipsoid.

Areas are computed with :class:`pyproj.Geod` (Karney's algorithm), exact on
the ellipsoid, so a field's area does not depend on any map projection.
"""

from __future__ import annotations

import json
import math
from functools import cache

from zhassyl.i18n import _

#: Largest relative difference allowed between the declared and the computed area.
AREA_TOLERANCE = 0.10


class GeometryProblem(ValueError):
    """A polygon is not valid; the message says why."""


@cache
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _segments_cross(p1, p2, p3, p4) -> bool:
    """Whether the closed segments p1-p2 and p3-p4 intersect."""

    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-18 else (1 if v > 0 else -1)

    def on_segment(a, b, c):
        return (min(a[0], b[0]) <= c[0] <= max(a[0], b[0])
                and min(a[1], b[1]) <= c[1] <= max(a[1], b[1]))

    o1, o2 = orient(p1, p2, p3), orient(p1, p2, p4)
    o3, o4 = orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return ((o1 == 0 and on_segment(p1, p2, p3)) or (o2 == 0 and on_segment(p1, p2, p4))
            or (o3 == 0 and on_segment(p3, p4, p1)) or (o4 == 0 and on_segment(p3, p4, p2)))


def _check_ring(ring) -> list[tuple[float, float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryProblem(_("a polygon ring needs at least four positions"))
    points = []
    for pos in ring:
        if (not isinstance(pos, list) or len(pos) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool)
                           for v in pos[:2])):
            raise GeometryProblem(_("a position must be [longitude, latitude] numbers"))
        lon, lat = float(pos[0]), float(pos[1])
        if not (math.isfinite(lon) and math.isfinite(lat)
                and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryProblem(_("coordinates out of WGS84 range (longitude, latitude)"))
        points.append((lon, lat))
    if points[0] != points[-1]:
        raise GeometryProblem(_("the polygon ring is not closed (first and last positions "
                                "differ)"))
    n = len(points) - 1
    if len(set(points[:-1])) < 3:
        raise GeometryProblem(_("the polygon ring has fewer than three distinct corners"))
    if n <= 200:  # O(n^2): exhaustive check for field-sized rings
        for i in range(n):
            for j in range(i + 1, n):
                if j == i + 1 or (i == 0 and j == n - 1):
                    continue  # neighbours share a corner
                if _segments_cross(points[i], points[i + 1], points[j], points[j + 1]):
                    raise GeometryProblem(_("the polygon ring intersects itself"))
    return points


def parse_polygon(geometry) -> list[list[tuple[float, float]]]:
    """Check a GeoJSON Polygon (dict or JSON text); return its rings as (lon, lat) lists.

    Raises
    ------
    GeometryProblem
        Not JSON, not a Polygon, an open or self-intersecting ring, bad coordinates.
    """
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError as exc:
            raise GeometryProblem(_("the geometry is not valid JSON")) from exc
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        raise GeometryProblem(_("the geometry must be a GeoJSON Polygon"))
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise GeometryProblem(_("the polygon has no coordinates"))
    return [_check_ring(r) for r in rings]


def geodesic_area_ha(rings: list[list[tuple[float, float]]]) -> float:
    """Geodesic area [ha] of a polygon on WGS84: outer ring minus holes."""
    geod = _geod()
    total = 0.0
    for k, ring in enumerate(rings):
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        area_m2, _perimeter = geod.polygon_area_perimeter(lons, lats)
        total += abs(area_m2) if k == 0 else -abs(area_m2)
    return total / 10000.0


def canonical_geometry(rings: list[list[tuple[float, float]]]) -> str:
    """Compact, stable GeoJSON text of a polygon (what the database stores)."""
    return json.dumps({"type": "Polygon",
                       "coordinates": [[[lon, lat] for lon, lat in r] for r in rings]},
                      separators=(",", ":"))


def field_area(geometry, declared_area_ha: float | None) -> tuple[str, float]:
    """Validate a field polygon and its declared area; return (canonical GeoJSON, area_ha).

    The computed area is rounded to 1e-4 ha (1 m2).  Raises :class:`GeometryProblem`
    when the polygon is invalid or differs from the declared area by more than
    :data:`AREA_TOLERANCE`.
    """
    rings = parse_polygon(geometry)
    area = round(geodesic_area_ha(rings), 4)
    if area <= 0:
        raise GeometryProblem(_("the polygon has no area"))
    if declared_area_ha is not None and declared_area_ha > 0:
        rel = abs(area - declared_area_ha) / declared_area_ha
        if rel > AREA_TOLERANCE:
            raise GeometryProblem(_(
                "the polygon's geodesic area {area} ha differs from the declared "
                "{declared} ha by {pct} % (more than 10 %)").format(
                area=f"{area:.4f}", declared=declared_area_ha, pct=f"{100 * rel:.0f}"))
    return canonical_geometry(rings), area
