"""Generate the AquaCrop projects of the engine's differential tests (issue 11).

Writes one AquaCrop 7.3 project directory (``DATA/``, ``LIST/``, ``PARAM/``)
holding every case: a ``LIST/<case>.PRM`` per case, each with one run per
season (perennial alfalfa chains keep the soil water from one run to the next
with ``KeepSWC``).  The cases span water stress from none to severe (rainfed,
deficit and full irrigation), soils from sand to clay, layered and shallow
profiles (rooting depth limited by the profile), perennial carry-over with
winter dormancy, cuts by list and by a GDD interval, irrigation-water salinity
and elevated CO2, with four of AquaCrop's own crop files: alfalfa (Ottawa,
calibrated), maize (Davis), wheat (Valenzano) and barley (Dejen).  Paddy rice
is not included: it needs soil bunds, which ``zhassyl aquacrop`` does not run.

The weather is synthetic and seeded (four climates shaped on Kazakhstan's
foothills, northern steppe, Syr Darya desert and a humid reference); both
models read the same ETo file, so the ETo method (Hargreaves 1985) is not
under test.  Soil horizons use AquaCrop's default soil classes (AquaCrop 6/7
soil texture defaults: SAT, FC, WP, Ksat, CN, REW, CRa, CRb).

Running AquaCrop on the result is a separate step (the executable is not part
of this repository)::

    python scripts/aquacrop_oracle_cases.py --out /work/oracle/run --seed 11
    (cd /work/oracle/run && /path/to/aquacrop)           # AquaCrop 7.3
    python scripts/aquacrop_oracle_cases.py --out /work/oracle/run --seed 11 \\
        --collect tests/data/aquacrop_oracle

``--collect`` copies the generated project and trims AquaCrop's daily output
(``OUTP/<case>PRMday.OUT``) to the columns the tests compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from zhassyl.engine.thermal import growing_degree_days_array  # noqa: E402

DATA_DIR = HERE / "aquacrop_oracle_data"
FIRST_YEAR, LAST_YEAR = 2019, 2024
VERSION = "7.3"

# --- soils: AquaCrop default soil classes ------------------------------------
# texture: (SAT, FC, WP vol %, Ksat mm/day, CN, REW mm, CRa, CRb)
# AquaCrop 6/7 default soil classes, as transcribed in AquaCrop.jl src/loadvardict.jl
# (gabo-di/AquaCrop.jl @6cd4701, "aquacrop version 6.0" defaults).
TEXTURES = {
    "sand": (36, 13, 6, 3000, 46, 4, -0.3412, 0.440738),
    "loamy sand": (38, 16, 8, 2200, 46, 5, -0.3332, 0.365805),
    "sandy loam": (41, 22, 10, 1200, 46, 7, -0.3232, 0.219363),
    "loam": (46, 31, 15, 500, 61, 9, -0.4536, 0.837340),
    "silt loam": (46, 33, 13, 575, 61, 11, -0.44685, 0.904118),
    "clay loam": (50, 39, 23, 125, 72, 11, -0.5727, -0.859573),
    "clay": (55, 54, 39, 35, 77, 14, -0.6086, 0.594642),
}

# --- climates (synthetic; monthly rain totals mm, Jan..Dec) -------------------
@dataclass(frozen=True)
class Climate:
    name: str
    title: str
    t_mean_c: float
    t_amplitude_c: float
    dtr_c: float
    latitude_deg: float
    rain_mm: tuple[float, ...]
    wet_days: tuple[float, ...]


CLIMATES = {
    "foothill": Climate("foothill", "foothills, ~560 mm (Almaty/Zhambyl piedmont-like)",
                        9.5, 14.0, 12.0, 43.2,
                        (30, 35, 65, 95, 95, 55, 35, 25, 25, 50, 50, 35),
                        (7, 7, 10, 11, 11, 8, 6, 4, 4, 7, 8, 7)),
    "steppe": Climate("steppe", "northern steppe, ~320 mm (Akmola-like)",
                      3.0, 19.0, 11.0, 51.2,
                      (15, 13, 15, 20, 32, 40, 55, 38, 25, 25, 22, 18),
                      (6, 5, 5, 5, 6, 7, 8, 6, 5, 6, 6, 6)),
    "arid": Climate("arid", "Syr Darya desert, ~150 mm (Kyzylorda-like)",
                    11.0, 17.0, 14.0, 44.8,
                    (15, 15, 25, 22, 15, 5, 3, 2, 3, 10, 15, 18),
                    (5, 5, 6, 5, 4, 2, 1, 1, 1, 3, 4, 5)),
    "humid": Climate("humid", "humid reference, ~800 mm",
                     8.0, 13.0, 10.0, 45.0,
                     (55, 50, 60, 70, 80, 85, 80, 75, 65, 65, 60, 55),
                     (10, 9, 10, 11, 12, 11, 10, 10, 9, 10, 10, 10)),
}


def _extraterrestrial_radiation_mm(doy: np.ndarray, lat_deg: float) -> np.ndarray:
    """Ra as evaporation equivalent [mm/day] (FAO-56 eqs. 21-25, times 0.408)."""
    phi = np.radians(lat_deg)
    dr = 1 + 0.033 * np.cos(2 * np.pi * doy / 365)
    delta = 0.409 * np.sin(2 * np.pi * doy / 365 - 1.39)
    ws = np.arccos(np.clip(-np.tan(phi) * np.tan(delta), -1, 1))
    ra = 24 * 60 / np.pi * 0.0820 * dr * (ws * np.sin(phi) * np.sin(delta)
                                          + np.cos(phi) * np.cos(delta) * np.sin(ws))
    return 0.408 * ra


def synthetic_weather(c: Climate, rng: np.random.Generator):
    """Daily (dates, tmin, tmax, eto, rain) for FIRST_YEAR..LAST_YEAR.

    Temperature: annual sine plus an AR(1) anomaly; rain: a two-state Markov
    chain with exponential amounts scaled to the monthly normals and a
    year-to-year factor (lognormal, sd 0.35) so that dry and wet years occur;
    ETo: Hargreaves (1985), FAO-56 eq. 52, lowered by 30 % on rainy days.
    """
    start = dt.date(FIRST_YEAR, 1, 1)
    n = (dt.date(LAST_YEAR, 12, 31) - start).days + 1
    dates = [start + dt.timedelta(days=i) for i in range(n)]
    doy = np.array([d.timetuple().tm_yday for d in dates], float)
    month = np.array([d.month - 1 for d in dates])
    year = np.array([d.year for d in dates])
    anomaly = np.zeros(n)
    eps = rng.normal(0, 2.2, n)
    for i in range(1, n):
        anomaly[i] = 0.75 * anomaly[i - 1] + eps[i]
    tmean = c.t_mean_c + c.t_amplitude_c * np.sin(2 * np.pi * (doy - 110) / 365) + anomaly
    year_factor = {y: float(np.exp(rng.normal(0, 0.35))) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    month_days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    p_wet = np.array(c.wet_days) / month_days
    p01 = np.maximum(0.01, 0.8 * p_wet)
    p11 = np.minimum(0.95, p_wet + 0.25)
    stationary = p01 / (1 - p11 + p01)          # long-run share of wet days
    mean_amount = np.array(c.rain_mm) / (month_days * stationary)
    rain = np.zeros(n)
    wet = False
    u = rng.random(n)
    amounts = rng.exponential(1.0, n)
    for i in range(n):
        pw = p11[month[i]] if wet else p01[month[i]]
        wet = u[i] < pw
        if wet:
            rain[i] = amounts[i] * mean_amount[month[i]] * year_factor[int(year[i])]
    dtr = np.clip(c.dtr_c + rng.normal(0, 2.0, n) - 4.0 * (rain > 1), 3.0, None)
    tmin = tmean - dtr / 2
    tmax = tmean + dtr / 2
    ra = _extraterrestrial_radiation_mm(doy, c.latitude_deg)
    eto = 0.0023 * ra * (tmean + 17.8) * np.sqrt(tmax - tmin)
    eto = np.where(rain > 1, 0.7 * eto, eto)
    eto = np.clip(eto, 0.1, None)
    return dates, np.round(tmin, 1), np.round(tmax, 1), np.round(eto, 1), np.round(rain, 1)


# --- crops --------------------------------------------------------------------
def _crop_lines_from_template(template: str, values: dict[int, str], title: str) -> str:
    lines = template.splitlines()
    lines[0] = title
    for i, v in values.items():
        text = lines[i]
        colon = text.index(":")
        lines[i] = f"{v:>10}       " + text[colon:]
    return "\n".join(lines) + "\n"


def crop_files() -> dict[str, str]:
    """AquaCrop crop files: alfalfa, maize and barley verbatim from AquaCrop's data,
    wheat from AquaCrop's default "Wheat, GDD (Valenzano, 23Nov07)" values written
    into the maize file's layout."""
    alfalfa = (DATA_DIR / "AlfOttawaGDD.CRO").read_text(encoding="latin-1")
    maize = (DATA_DIR / "MaizeGDD.CRO").read_text(encoding="latin-1")
    barley = (DATA_DIR / "BarleyGDD.CRO").read_text(encoding="latin-1")
    # 0-based line index -> value (Default Wheat GDD, AquaCrop 7.0 crop database,
    # transcribed in AquaCrop.jl src/loadvardict.jl "wheatGDD")
    wheat = {
        7: "0.0", 8: "26.0", 9: "2400", 10: "0.20", 11: "0.65", 12: "5.0", 13: "0.65",
        14: "2.5", 15: "0.70", 16: "2.5", 18: "0.85", 26: "5", 27: "35", 28: "14.0",
        29: "6", 30: "20", 34: "1.10", 35: "0.150", 36: "0.30", 37: "1.50", 38: "15",
        39: "0.048", 40: "0.012", 42: "1.50", 43: "1.50", 44: "4500000", 45: "0.04902",
        49: "0.96", 50: "0.07179", 51: "13", 52: "93", 53: "158", 54: "197", 55: "127",
        56: "15", 58: "100", 59: "67", 60: "15.0", 63: "48", 64: "5", 65: "10.0",
        66: "7.0", 68: "150", 69: "864", 70: "1700", 71: "2400", 72: "1250", 73: "200",
        74: "0.005001", 75: "0.004000", 76: "1100",
    }
    return {
        "AlfOttawaGDD.CRO": alfalfa,
        "MaizeGDD.CRO": maize,
        "BarleyGDD.CRO": barley,
        "WheatGDD.CRO": _crop_lines_from_template(maize, wheat, "Default Wheat, GDD (Valenzano, "
                                                  "23Nov07)"),
    }


CROP_INFO = {  # file, Tbase, Tupper, GDD to maturity, perennial
    "alfalfa": ("AlfOttawaGDD.CRO", 5.0, 30.0, None, True),
    "maize": ("MaizeGDD.CRO", 8.0, 30.0, 1700.0, False),
    "wheat": ("WheatGDD.CRO", 0.0, 26.0, 2400.0, False),
    "barley": ("BarleyGDD.CRO", 0.0, 15.0, 1296.0, False),
}


# --- cases --------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    name: str
    crop: str
    climate: str
    soil: tuple[tuple[float, str], ...]      # (thickness m, texture) from the top
    seasons: int = 1
    first_year: int = 2020
    sowing: tuple[int, int] = (4, 25)        # month, day
    irrigation: str = "rainfed"              # rainfed | deficit | full
    ecw_ds_m: float = 0.0
    co2: str = "MaunaLoa.CO2"
    cuts: str = "list"                       # list | gdd (alfalfa only)
    notes: str = ""
    tags: tuple[str, ...] = field(default=())


def cases() -> list[Case]:
    deep = 2.5
    c = []
    add = c.append
    # perennial alfalfa chains (KeepSWC, winter dormancy between seasons)
    add(Case("alf_foothill_siltloam_rainfed", "alfalfa", "foothill", ((deep, "silt loam"),), 3,
             first_year=2022,
             notes="issue 11's rainfed case: foothills, silt loam, three seasons"))
    add(Case("alf_foothill_sandyloam_rainfed", "alfalfa", "foothill", ((deep, "sandy loam"),), 3,
             first_year=2022,
             notes="issue 11's rainfed case on sandy loam"))
    add(Case("alf_steppe_loam_rainfed", "alfalfa", "steppe", ((deep, "loam"),), 3))
    add(Case("alf_arid_loam_full", "alfalfa", "arid", ((deep, "loam"),), 2, irrigation="full"))
    add(Case("alf_arid_clayloam_deficit", "alfalfa", "arid", ((deep, "clay loam"),), 2,
             irrigation="deficit"))
    add(Case("alf_arid_sandyloam_saline", "alfalfa", "arid", ((deep, "sandy loam"),), 2,
             irrigation="full", ecw_ds_m=3.0))
    add(Case("alf_humid_clay_rainfed", "alfalfa", "humid", ((deep, "clay"),), 2))
    add(Case("alf_steppe_clayloam_rainfed", "alfalfa", "steppe", ((deep, "clay loam"),), 2,
             first_year=2021))
    add(Case("alf_foothill_layered_rainfed", "alfalfa", "foothill",
             ((0.6, "sandy loam"), (1.9, "clay")), 2))
    add(Case("alf_arid_layered_deficit", "alfalfa", "arid", ((0.8, "loam"), (1.7, "sand")), 2,
             irrigation="deficit"))
    add(Case("alf_foothill_gddcuts_rainfed", "alfalfa", "foothill", ((deep, "loam"),), 2,
             cuts="gdd"))
    add(Case("alf_arid_co2high_deficit", "alfalfa", "arid", ((deep, "silt loam"),), 2,
             irrigation="deficit", co2="High550.CO2"))
    add(Case("alf_foothill_sand_rainfed", "alfalfa", "foothill", ((deep, "sand"),), 2))
    # annual crops
    add(Case("maize_arid_loam_full", "maize", "arid", ((deep, "loam"),), sowing=(5, 1),
             irrigation="full"))
    add(Case("maize_arid_loam_deficit", "maize", "arid", ((deep, "loam"),), sowing=(5, 1),
             irrigation="deficit"))
    add(Case("maize_foothill_siltloam_rainfed", "maize", "foothill", ((deep, "silt loam"),),
             sowing=(5, 1)))
    add(Case("maize_foothill_sand_rainfed", "maize", "foothill", ((deep, "sand"),),
             sowing=(5, 1)))
    add(Case("maize_arid_clay_saline", "maize", "arid", ((deep, "clay"),), sowing=(5, 1),
             irrigation="full", ecw_ds_m=2.5))
    add(Case("maize_arid_co2high_full", "maize", "arid", ((deep, "sandy loam"),),
             sowing=(5, 1), irrigation="full", co2="High550.CO2"))
    add(Case("wheat_steppe_loam_rainfed", "wheat", "steppe", ((deep, "loam"),), sowing=(5, 5)))
    add(Case("wheat_foothill_clayloam_rainfed", "wheat", "foothill", ((deep, "clay loam"),),
             sowing=(4, 1)))
    add(Case("wheat_arid_sandyloam_deficit", "wheat", "arid", ((deep, "sandy loam"),),
             sowing=(3, 15), irrigation="deficit"))
    add(Case("wheat_steppe_layered_rainfed", "wheat", "steppe",
             ((0.5, "silt loam"), (2.0, "loamy sand")), sowing=(5, 5), first_year=2021))
    add(Case("barley_steppe_loam_rainfed", "barley", "steppe", ((deep, "loam"),), sowing=(5, 5)))
    add(Case("barley_foothill_sand_rainfed", "barley", "foothill", ((deep, "sand"),),
             sowing=(4, 1), first_year=2021))
    add(Case("barley_arid_loam_saline", "barley", "arid", ((deep, "loam"),), sowing=(3, 15),
             irrigation="full", ecw_ds_m=4.0))
    add(Case("barley_steppe_clayloam_rainfed", "barley", "steppe", ((deep, "clay loam"),),
             sowing=(5, 5), first_year=2021))
    add(Case("maize_foothill_loamysand_rainfed", "maize", "foothill", ((deep, "loamy sand"),),
             sowing=(5, 1), first_year=2021))
    add(Case("wheat_humid_clay_rainfed", "wheat", "humid", ((deep, "clay"),), sowing=(4, 1)))
    return c


# --- writers ------------------------------------------------------------------
def day_number(d: dt.date) -> int:
    """AquaCrop day number (1 January 1901 = 1)."""
    return (d - dt.date(1901, 1, 1)).days + 1


def _series_header(title: str, what: str) -> str:
    return (f"{title}\n     1  : Daily records (1=daily, 2=10-daily and 3=monthly data)\n"
            f"     1  : First day of record (1, 11 or 21 for 10-day or 1 for months)\n"
            f"     1  : First month of record\n  {FIRST_YEAR}  : First year of record (1901 if "
            f"not linked to a specific year)\n\n  {what}\n=======================\n")


def write_climate(data: Path, c: Climate, weather) -> None:
    dates, tmin, tmax, eto, rain = weather
    title = f"Synthetic {c.title}"
    (data / f"{c.name}.CLI").write_text(
        f"{title}\n {VERSION}  : AquaCrop Version (January 2026)\n{c.name}.Tnx\n{c.name}.ETo\n"
        f"{c.name}.PLU\nMaunaLoa.CO2\n")
    (data / f"{c.name}.Tnx").write_text(
        _series_header(title, "Tmin (C)   TMax (C)")
        + "".join(f"{a:.1f}\t{b:.1f}\n" for a, b in zip(tmin, tmax, strict=True)))
    (data / f"{c.name}.ETo").write_text(
        _series_header(title, "Average ETo (mm/day)") + "".join(f"{v:.1f}\n" for v in eto))
    (data / f"{c.name}.PLU").write_text(
        _series_header(title, "Total Rain (mm)") + "".join(f"{v:.1f}\n" for v in rain))


def write_co2(data: Path) -> None:
    shutil.copy(DATA_DIR / "MaunaLoa.CO2", data / "MaunaLoa.CO2")
    rows = "".join(f"  {y}  550.00\n" for y in (1902, 2000, 2099))
    (data / "High550.CO2").write_text(
        "Constant 550 ppm (elevated CO2 scenario)\nYear     CO2 (ppm by volume)\n"
        "============================\n" + rows)


def soil_text(case: Case) -> str:
    top = TEXTURES[case.soil[0][1]]
    lines = [f"{' over '.join(t for _z, t in case.soil)} ({sum(z for z, _t in case.soil):.2f} m)",
             f"        {VERSION}  : AquaCrop Version (January 2026)",
             f"       {top[4]}                   : CN (Curve Number)",
             f"        {top[5]}                   : Readily evaporable water from top layer (mm)",
             f"        {len(case.soil)}                   : number of soil horizons",
             "       -9                   : variable no longer applicable",
             "  Thickness  Sat   FC    WP     Ksat   Penetrability  Gravel  CRa       CRb"
             "           description",
             "  ---(m)-   ----(vol %)-----  (mm/day)      (%)        (%)    "
             "-----------------------------------------"]
    for z, tex in case.soil:
        sat, fc, wp, ks, _cn, _rew, cra, crb = TEXTURES[tex]
        lines.append(f"    {z:.2f}    {sat:.1f}  {fc:.1f}  {wp:.1f}  {ks:.1f}        100"
                     f"         0     {cra:.6f}  {crb:.6f}   {tex}")
    return "\n".join(lines) + "\n"


def man_text(case: Case, cut_days: list[int], first_cut_day: int) -> str:
    cut = case.crop == "alfalfa"
    gdd = case.cuts == "gdd"
    head = [f"{case.name} field management", f"     {VERSION}       : AquaCrop Version "
            "(January 2026)",
            "     0         : percentage (%) of ground surface covered by mulches IN growing "
            "period",
            "    50         : effect (%) of mulches on reduction of soil evaporation",
            "     0         : Degree of soil fertility stress (%) - Effect is crop specific",
            "     0.00      : height (m) of soil bunds",
            "     0         : surface runoff NOT affected by field surface practices",
            "     0         : N/A (surface runoff is not affected or completely prevented)",
            "     0         : relative cover of weeds at canopy closure (%)",
            "     0         : increase of relative cover of weeds in mid-season (+%)",
            "   100.00      : shape factor of the CC expansion function in a weed infested field",
            "   100         : replacement (%) by weeds of the self-thinned part of the CC - only "
            "for perennials"]
    head += ["     1         : Multiple cuttings are considered" if cut else
             "     0         : Multiple cuttings are NOT considered",
             "    25         : Canopy cover (%) after cutting",
             "    20         : Increase (%) of Canopy Growth Coefficient (CGC) after cutting",
             "     1         : First day of window for multiple cuttings (1 = start of growth "
             "cycle)",
             "    -9         : Number of days in window for multiple cuttings (-9 = total growth "
             "cycle)"]
    if not cut:
        head += ["     0         : Multiple cuttings schedule is specified",
                 "     0         : Time criterion: Not Applicable",
                 "     0         : final harvest at crop maturity is not considered",
                 "    -9         : dayNr for Day 1 of list of cuttings"]
    elif gdd:
        head += ["     1         : Multiple cuttings schedule is generated",
                 "     2         : Time criterion: interval in growing degree days",
                 "     0         : final harvest at crop maturity is not considered",
                 "    -9         : dayNr for Day 1 of list of cuttings",
                 "", "  From day   GDD      ", "=========================",
                 "     1        500"]
    else:
        head += ["     0         : Multiple cuttings schedule is specified",
                 "     0         : Time criterion: Not Applicable",
                 "     0         : final harvest at crop maturity is not considered",
                 f" {first_cut_day}         : dayNr for Day 1 of list of cuttings",
                 "", " Harvest Day", "=============="]
        head += [f"   {d}" for d in cut_days]
    return "\n".join(head) + "\n"


def irr_text(case: Case, days: list[int], depth_mm: float) -> str:
    lines = [f"{case.name}: {case.irrigation} irrigation, {depth_mm:.0f} mm per event",
             f"   {VERSION}       : AquaCrop Version (January 2026)",
             "   1         : Sprinkler irrigation",
             " 100         : Percentage of soil surface wetted by irrigation",
             "   1         : Specification of irrigation events",
             "  -9         : Day 1 of the list: first day of the growing period",
             "   Day    Depth (mm)   ECw (dS/m)",
             "===================================="]
    lines += [f"   {d}      {depth_mm:.0f}       {case.ecw_ds_m:.1f}" for d in days]
    return "\n".join(lines) + "\n"


def ppn_text() -> str:
    return (DATA_DIR / "default.PPn").read_text(encoding="latin-1")


def _block(title: str, name: str | None, directory: str = "./DATA/") -> list[str]:
    if name is None:
        return [title, "   (None)", "   (None)"]
    return [title, f"   {name}", f"   '{directory}'"]


@dataclass
class Season:
    year_of_cultivation: int
    sim_first: dt.date
    sim_last: dt.date
    crop_first: dt.date
    crop_last: dt.date


def seasons_of(case: Case, dates, tmin, tmax) -> list[Season]:
    file, tbase, tupper, gdd_maturity, perennial = CROP_INFO[case.crop]
    out = []
    if perennial:
        for k in range(case.seasons):
            y = case.first_year + k
            crop_first = dt.date(y, *case.sowing) if k == 0 else dt.date(y, 4, 1)
            crop_last = dt.date(y, 10, 15)
            sim_first = crop_first if k == 0 else out[-1].sim_last + dt.timedelta(days=1)
            out.append(Season(k + 1, sim_first, crop_last, crop_first, crop_last))
        return out
    sow = dt.date(case.first_year, *case.sowing)
    i0 = dates.index(sow)
    gdd = np.cumsum(growing_degree_days_array(tmin[i0:], tmax[i0:], tbase, tupper))
    n = int(np.searchsorted(gdd, gdd_maturity))  # 0-based index of the maturity day
    last = sow + dt.timedelta(days=n)
    if last > dt.date(case.first_year, 11, 15):
        raise SystemExit(f"{case.name}: no maturity before 15 November ({last})")
    return [Season(1, sow, last, sow, last)]


def irrigation_schedule(case: Case, s: Season) -> tuple[list[int], float]:
    """Days (1 = first day of the growing period) and net depth of the irrigations."""
    n = (s.crop_last - s.crop_first).days + 1
    if case.irrigation == "full":
        return list(range(8, n - 5, 7)), 35.0
    if case.irrigation == "deficit":
        return list(range(20, n - 10, 24)), 40.0
    return [], 0.0


def prm_text(case: Case, seasons: list[Season]) -> str:
    crop_file = CROP_INFO[case.crop][0]
    lines = [f"{case.name}: {case.notes or case.crop}", f"      {VERSION}  : AquaCrop Version "
             "(January 2026)"]
    for k, s in enumerate(seasons):
        lines += [
            f"      {s.year_of_cultivation}         : Year number of cultivation",
            f"  {day_number(s.sim_first)}         : First day of simulation period - {s.sim_first}",
            f"  {day_number(s.sim_last)}         : Last day of simulation period - {s.sim_last}",
            f"  {day_number(s.crop_first)}         : First day of cropping period - "
            f"{s.crop_first}",
            f"  {day_number(s.crop_last)}         : Last day of cropping period - {s.crop_last}",
        ]
        cl = case.climate
        lines += _block("-- 1. Climate (CLI) file", f"{cl}.CLI")
        lines += _block("   1.1 Temperature (Tnx or TMP) file", f"{cl}.Tnx")
        lines += _block("   1.2 Reference ET (ETo) file", f"{cl}.ETo")
        lines += _block("   1.3 Rain (PLU) file", f"{cl}.PLU")
        lines += _block("   1.4 Atmospheric CO2 concentration (CO2) file", case.co2)
        lines += _block("-- 2. Calendar (CAL) file", None)
        lines += _block("-- 3. Crop (CRO) file", crop_file)
        irr = None if case.irrigation == "rainfed" else f"{case.name}_{k + 1}.IRR"
        lines += _block("-- 4. Irrigation management (IRR) file", irr)
        lines += _block("-- 5. Field management (MAN) file", f"{case.name}.MAN")
        lines += _block("-- 6. Soil profile (SOL) file", f"{case.name}.SOL")
        lines += _block("-- 7. Groundwater table (GWT) file", None)
        if k == 0:
            lines += _block("-- 8. Initial conditions (SW0) file", None)
        else:
            lines += ["-- 8. Initial conditions (SW0) file", "   KeepSWC",
                      "   Keep soil water profile of previous run"]
        lines += _block("-- 9. Off-season conditions (OFF) file", None)
        lines += _block("-- 10. Field data (OBS) file", None)
    return "\n".join(lines) + "\n"


def alfalfa_cut_days(case: Case, seasons: list[Season], gdd_cum) -> list[dt.date]:
    """Cut dates by the list: in each season at 550, 1100 and 1650 GDD (Tbase 5 °C)
    after the start of growth (about every 5-6 weeks in summer)."""
    dates, gdd = gdd_cum
    out = []
    for s in seasons:
        i0 = dates.index(s.crop_first)
        i1 = dates.index(s.crop_last)
        g = np.cumsum(gdd[i0:i1 + 1])
        first = 700.0 if s.year_of_cultivation == 1 else 550.0
        for target in (first, first + 550.0, first + 1100.0):
            j = int(np.searchsorted(g, target))
            if j < i1 - i0 - 10:
                out.append(s.crop_first + dt.timedelta(days=j))
    return out


def generate(out: Path, seed: int) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    data, lst, param = out / "DATA", out / "LIST", out / "PARAM"
    for d in (data, lst, param):
        d.mkdir(exist_ok=True)
    rng = np.random.default_rng(seed)
    weather = {}
    for name in sorted(CLIMATES):
        weather[name] = synthetic_weather(CLIMATES[name], rng)
        write_climate(data, CLIMATES[name], weather[name])
    write_co2(data)
    for fname, text in crop_files().items():
        (data / fname).write_text(text, encoding="latin-1")
    all_cases = cases()
    for case in all_cases:
        dates, tmin, tmax, _eto, _rain = weather[case.climate]
        seasons = seasons_of(case, dates, tmin, tmax)
        (data / f"{case.name}.SOL").write_text(soil_text(case))
        cut_days: list[int] = []
        origin = day_number(seasons[0].sim_first)
        if case.crop == "alfalfa" and case.cuts == "list":
            gdd = growing_degree_days_array(tmin, tmax, 5.0, 30.0)
            cuts = alfalfa_cut_days(case, seasons, (dates, gdd))
            cut_days = [day_number(d) - origin + 1 for d in cuts]
        (data / f"{case.name}.MAN").write_text(man_text(case, cut_days, origin))
        for k, s in enumerate(seasons):
            if case.irrigation != "rainfed":
                days, depth = irrigation_schedule(case, s)
                (data / f"{case.name}_{k + 1}.IRR").write_text(irr_text(case, days, depth))
        (lst / f"{case.name}.PRM").write_text(prm_text(case, seasons))
        (param / f"{case.name}.PPn").write_text(ppn_text())
    (lst / "ListProjects.txt").write_text("".join(f"{c.name}.PRM\n" for c in all_cases))
    (out / "SEED").write_text(f"{seed}\n")
    write_simul_settings(out)
    return all_cases


def write_simul_settings(out: Path) -> None:
    """AquaCrop's run settings (``SIMUL/``, ``OUTP/``): daily output 1-4 and the
    harvests file; the default CO2 file that AquaCrop opens at start."""
    simul = out / "SIMUL"
    simul.mkdir(exist_ok=True)
    (out / "OUTP").mkdir(exist_ok=True)
    (simul / "DailyResults.SIM").write_text(
        " 1 : Various parameters of the soil water balance\n"
        " 2 : Crop development and production\n"
        " 3 : Soil water content in the soil profile and root zone\n"
        " 4 : Soil salinity in the soil profile and root zone\n")
    (simul / "ParticularResults.SIM").write_text(
        " 1 : Biomass and Yield at Multiple cuttings (for herbaceous forage crops)\n")
    (simul / "AggregationResults.SIM").write_text(
        "0 :  Time aggregation for intermediate results (0 = none ; 1 = daily; 2 = 10-daily; "
        "3 = monthly)\n")
    shutil.copy(DATA_DIR / "MaunaLoa.CO2", simul / "MaunaLoa.CO2")


# --- collecting AquaCrop's outputs ---------------------------------------------
#: AquaCrop day-output columns kept (name in OUTP/<case>PRMday.OUT -> CSV column).
KEPT = (("Biomass", "biomass_cum_t_ha"), ("Y(dry)", "yield_dry_t_ha"), ("CC", "cc_pct"),
        ("Tr", "transpiration_mm"), ("Trx", "transpiration_pot_mm"), ("E", "evaporation_mm"),
        ("Drain", "drainage_mm"), ("Irri", "irrigation_mm"), ("Z", "root_depth_m"),
        ("StExp", "stress_exp_pct"), ("StSto", "stress_sto_pct"),
        ("StSen", "stress_sen_pct"), ("StSalt", "stress_salt_pct"), ("ECe", "ece_ds_m"))


def collect(run_dir: Path, dest: Path) -> None:
    """Copy the generated project to ``dest/project`` and AquaCrop's trimmed daily
    output to ``dest/aquacrop/<case>.csv``."""
    from zhassyl.aquacrop import read_day_output

    proj = dest / "project"
    if proj.exists():
        shutil.rmtree(proj)
    for sub in ("DATA", "LIST", "PARAM"):
        shutil.copytree(run_dir / sub, proj / sub)
    shutil.copy(run_dir / "SEED", dest / "SEED")
    outd = dest / "aquacrop"
    outd.mkdir(parents=True, exist_ok=True)
    names = (run_dir / "LIST" / "ListProjects.txt").read_text().split()
    for prm in names:
        case = prm[:-4]
        day = read_day_output(run_dir / "OUTP" / f"{case}PRMday.OUT")
        rows = []
        for r in day.runs:
            # the first "Wr" column is the root-zone water; the first "WC(..)" the profile
            wc_name = next(n for n in r.names if n.startswith("WC("))
            cols = [r.column(n) for n, _k in KEPT]
            wc = r.column(wc_name)
            for i, d in enumerate(r.dates):
                vals = [f"{c[i]:.3f}".rstrip("0").rstrip(".") for c in cols]
                rows.append(f"{d},{r.run},{wc[i]:.1f}," + ",".join(vals))
        head = "date,run,soil_water_mm," + ",".join(k for _n, k in KEPT)
        (outd / f"{case}.csv").write_text(head + "\n" + "\n".join(rows) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="directory to write the project in")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--collect", type=Path, default=None,
                    help="after AquaCrop ran in --out: copy project and trimmed outputs here")
    a = ap.parse_args(argv)
    if a.collect is not None:
        collect(a.out, a.collect)
        return 0
    got = generate(a.out, a.seed)
    n = sum(c.seasons for c in got)
    print(f"{len(got)} cases, {n} field-seasons written to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
