"""One vocabulary of ids shared by the registry and the science.

Ids are lower-case words joined by hyphens (``sandy-loam``, ``rice-flood``,
``east-kazakhstan``).  The registry stores these ids (migration ``0002``
renamed the older spellings) and the science's data files are keyed by them,
so a registry field can be simulated without translation.

This module holds constants and look-ups only: it imports nothing heavy, so
the registry's schema can use it.
"""

from __future__ import annotations

#: Management systems the science can simulate (``data/systems/<id>.toml``).
SYSTEM_IDS = ("green-cover-alfalfa", "traditional-alfalfa", "alfalfa-sole", "rice-flood",
              "wheat-furrow")

#: Practices a season may record that are not a simulated system: a monoculture of a
#: crop the systems do not cover, and fallow.  As a baseline they fall back to the
#: region's default practice (said so in the provenance).
RECORDED_ONLY_PRACTICES = ("monoculture", "fallow")

#: Every value of ``seasons.management_system`` in the registry.
PRACTICE_IDS = SYSTEM_IDS + RECORDED_ONLY_PRACTICES

#: USDA soil texture classes (``fields.soil_texture``).  The science has hydraulic
#: parameters for those listed in ``data/soils/textures.csv``.
SOIL_TEXTURE_IDS = ("sand", "loamy-sand", "sandy-loam", "loam", "silt-loam", "silt",
                    "sandy-clay-loam", "clay-loam", "silty-clay-loam", "sandy-clay",
                    "silty-clay", "clay")

#: Regions of the programme (``regions.code`` in the registry; ``data/regions``).
REGION_IDS = ("akmola", "almaty", "east-kazakhstan", "turkistan", "karaganda", "kyzylorda",
              "mangystau")

#: Crops with parameters (``data/crops/crop_parameters.csv``); the registry's
#: ``seasons.crops`` and ``yield_measurements.crop`` name crops by these ids.
CROP_IDS = ("alfalfa", "barley", "mohar", "oats", "rapeseed", "rice", "safflower", "sorghum",
            "sudan-grass", "sunflower", "wheat")

#: Older spellings renamed by migration 0002 (old -> id).  Input in the old spelling is
#: still understood by :func:`normalise` (a user typing ``sandy_loam`` on the command line).
RENAMED = {
    "rice-flooded": "rice-flood", "sudangrass": "sudan-grass",
    "alfalfa-green-cover": "green-cover-alfalfa",
    "alfalfa-grain-cover": "traditional-alfalfa",
    "sandy_loam": "sandy-loam", "silt_loam": "silt-loam", "clay_loam": "clay-loam",
    "loamy_sand": "loamy-sand", "sandy_clay_loam": "sandy-clay-loam",
    "silty_clay_loam": "silty-clay-loam", "sandy_clay": "sandy-clay", "silty_clay": "silty-clay",
}


def normalise(text: str) -> str:
    """The id of ``text``: trimmed, lower case, spaces and underscores as hyphens.

    Old spellings (:data:`RENAMED`) map to the current id.

    >>> normalise(" Sandy_Loam ")
    'sandy-loam'
    >>> normalise("rice-flooded")
    'rice-flood'
    """
    key = "-".join(str(text).strip().lower().replace("_", " ").split())
    return RENAMED.get(key, key)
