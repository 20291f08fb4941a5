"""Distance on the Earth's surface between two (latitude, longitude) points."""

from __future__ import annotations

import math

# Mean Earth radius, IUGG: 6,371.0088 km (Moritz, "Geodetic Reference System 1980", J. Geodesy 2000).
EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (the haversine formula)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
