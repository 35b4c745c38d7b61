"""AquaCrop groundwater (.GWT) and initial conditions (.SW0) files (AquaCrop 7 reference
manual, chapter 2, Tables 2.23t and 2.23u): read, refused where the engine cannot follow,
and their effect on a run of the Ottawa reference project."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from zhassyl.aquacrop.initial import read_groundwater, read_initial_conditions
from zhassyl.errors import InputError

REF = Path(__file__).resolve().parents[2] / "shared" / "reference" / "aquacrop-ottawa-alfalfa"

# the manual's examples (Table 2.23t: fixed table; 2.23u: layers with ECe)
GWT_FIXED = """Groundwater table at fixed depth and with constant salinity
     7.1   : AquaCrop Version (August 2023)
     1     : groundwater table at fixed depth and with constant salinity

   Day    Depth (m)    ECw (dS/m)
====================================
     1      {depth:.2f}          {ec:.1f}
"""
GWT_VARIABLE = """variable groundwater table for year 2000
     7.1   : AquaCrop Version (August 2023)
     2     : variable groundwater table
     1     : first day of observations
     1     : first month of observations
  2000     : first year of observations

   Day    Depth (m)    ECw (dS/m)
====================================
    50      1.00          1.0
   100      2.00          1.5
"""
GWT_OTTAWA_VARIABLE = """variable groundwater table
     7.1   : AquaCrop Version (August 2023)
     2     : variable groundwater table
    21     : first day of observations
     5     : first month of observations
  2014     : first year of observations

   Day    Depth (m)    ECw (dS/m)
====================================
     1      1.50          1.0
   200      3.00          2.0
   600      2.00          1.0
"""
SW0 = """Soil water and salinity content in Field AZ123 on 21 March 2010
     7.1   : AquaCrop Version (August 2023)
   -9.00   : initial canopy cover that can be reached without water stress will be used as default
    0.000  : biomass (ton/ha) produced before the start of the simulation period
   -9.00   : initial effective rooting depth (default: reached without water stress)
    0.0    : water layer (mm) stored between soil bunds (if present)
    0.00   : electrical conductivity (dS/m) of water layer stored between soil bunds (if present)
    0      : soil water content specified for specific layers
    {n}      : number of layers considered

Thickness layer (m)     Water content (vol%)     ECe(dS/m)
==============================================================
{rows}
"""


def _sw0(tmp_path, rows, name="init.SW0"):
    text = SW0.format(n=len(rows), rows="\n".join(
        f"     {t:.2f}     {w:.2f}     {e:.2f}" for t, w, e in rows))
    path = tmp_path / name
    path.write_text(text)
    return path


def test_reads_a_fixed_groundwater_table(tmp_path):
    p = tmp_path / "g.GWT"
    p.write_text(GWT_FIXED.format(depth=1.5, ec=1.5))
    g = read_groundwater(p)
    assert g.depth_m == 1.5 and g.ec_ds_m == 1.5


def test_reads_a_variable_groundwater_table(tmp_path):
    # the manual's Table 2.23t example: day 50 at 1.00 m and 1.0 dS/m, day 100 at 2.00 m and
    # 1.5 dS/m from 1 January 2000; AquaCrop 7.3 LoadGroundWater: linear in between, the
    # first observation before it, the last after it
    p = tmp_path / "v.GWT"
    p.write_text(GWT_VARIABLE)
    g = read_groundwater(p)
    assert g.variable and g.first_date == np.datetime64("2000-01-01")
    dates = np.array(["2000-01-01", "2000-02-19", "2000-03-15", "2000-04-09", "2000-12-31"],
                     dtype="datetime64[D]")   # days 1, 50, 75, 100, 366
    depth, ec = g.series(dates)
    assert depth.tolist() == [1.0, 1.0, 1.5, 2.0, 2.0]
    assert ec.tolist() == pytest.approx([1.0, 1.0, 1.25, 1.5, 1.5])


def test_variable_table_days_must_increase(tmp_path):
    p = tmp_path / "v.GWT"
    p.write_text(GWT_VARIABLE.replace("   100      2.00", "    40      2.00"))
    with pytest.raises(InputError) as exc:
        read_groundwater(p)
    assert exc.value.problems[0].row == 11 and exc.value.problems[0].column == "day"


def test_reads_initial_layers(tmp_path):
    ic = read_initial_conditions(_sw0(tmp_path, [(0.4, 30.0, 2.0), (0.4, 20.0, 2.0)]))
    assert [layer.water_content_vol_pct for layer in ic.layers] == [30.0, 20.0]
    assert ic.ece_ds_m() == 2.0


def test_initial_salinity_differing_by_layer_is_refused(tmp_path):
    # the manual's Table 2.23u example has 1, 2, ... dS/m by layer; the engine takes one ECe
    path = _sw0(tmp_path, [(0.4, 30.0, 1.0), (0.4, 20.0, 2.0)])
    with pytest.raises(InputError) as exc:
        read_initial_conditions(path)
    assert exc.value.problems[0].row == 14


def _project(tmp_path, gwt: str | None = None, sw0: str | None = None) -> Path:
    root = tmp_path / "aquacrop"
    shutil.copytree(REF, root, ignore=shutil.ignore_patterns("OUTP_REF"))
    lines = (root / "LIST" / "Ottawa.PRM").read_text().splitlines()
    first_sw0 = True
    for i, line in enumerate(lines):
        if line.strip().startswith("-- 7.") and gwt:
            (root / "DATA" / "field.GWT").write_text(gwt)
            lines[i + 1:i + 3] = ["   field.GWT", "   './DATA/'"]
        if line.strip().startswith("-- 8.") and sw0 and first_sw0:
            first_sw0 = False
            (root / "DATA" / "field.SW0").write_text(sw0)
            lines[i + 1:i + 3] = ["   field.SW0", "   './DATA/'"]
    (root / "LIST" / "Ottawa.PRM").write_text("\n".join(lines) + "\n")
    return root / "LIST" / "Ottawa.PRM"


def test_initial_salinity_sets_the_first_days_ece(tmp_path):
    from zhassyl.aquacrop.run import run_project

    # 20 vol% lies below the Ottawa sandy loam's field capacity (29 vol%): no drainage
    # carries salt away on day 1, so the root zone's ECe is the file's
    sw0 = _sw0(tmp_path, [(4.0, 20.0, 6.0)]).read_text()
    res = run_project(_project(tmp_path, sw0=sw0))
    assert res.daily["ece_root_zone_ds_m"][0] == pytest.approx(6.0, rel=1e-9)
    assert res.daily["drainage_mm"][0] == 0.0
    plain = run_project(_project(tmp_path / "plain"))
    assert plain.daily["ece_root_zone_ds_m"][0] == 0.0


def test_a_shallower_table_raises_capillary_rise(tmp_path):
    from zhassyl.aquacrop.run import run_project

    rise = {}
    # tables below the alfalfa's root zone (AquaCrop ch. 3.2.6: the rise falls with the
    # distance from the table to the compartments above it).  Above ~3 m the rise is
    # limited by what the crop takes, not by the table (demand, not supply).
    for depth in (3.0, 4.0, 5.0):
        res = run_project(_project(tmp_path / str(depth),
                                   gwt=GWT_FIXED.format(depth=depth, ec=0.0)))
        rise[depth] = sum(s["capillary_rise_mm"] for s in res.seasons)
    none = run_project(_project(tmp_path / "none"))
    assert sum(s["capillary_rise_mm"] for s in none.seasons) == 0.0
    assert rise[3.0] > rise[4.0] > rise[5.0] > 0.0


def test_cli_runs_a_project_with_groundwater_and_initial_conditions(tmp_path, capsys):
    import csv

    from zhassyl.cli import main

    sw0 = _sw0(tmp_path, [(4.0, 20.0, 4.0)]).read_text()
    # fresh groundwater: no salt rises with the water, so day 1 keeps the file's ECe
    prm = _project(tmp_path, gwt=GWT_FIXED.format(depth=2.5, ec=0.0), sw0=sw0)
    out, seasons = tmp_path / "daily.csv", tmp_path / "seasons.csv"
    assert main(["aquacrop", str(prm), "-o", str(out), "--seasons", str(seasons)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert float(rows[0]["ece_root_zone_ds_m"]) == pytest.approx(4.0, rel=1e-4)  # 4 decimals
    assert all(float(s["capillary_rise_mm"]) > 0 for s in csv.DictReader(seasons.open()))


def test_cli_runs_a_variable_table_day_by_day(tmp_path):
    import csv

    from zhassyl.cli import main

    # Ottawa's first run starts on 21 May 2014: the table falls from 1 m to 3 m over 199 days
    gwt = GWT_VARIABLE.replace("     1     : first day", "    21     : first day").replace(
        "     1     : first month", "     5     : first month").replace("2000", "2014")
    gwt = gwt.replace("    50      1.00          1.0", "     1      1.00          0.0").replace(
        "   100      2.00          1.5", "   200      3.00          0.0")
    out = tmp_path / "daily.csv"
    assert main(["aquacrop", str(_project(tmp_path, gwt=gwt)), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    z = [float(r["water_table_m"]) for r in rows]
    assert z[0] == 1.0 and z[99] == pytest.approx(round(1.0 + 2.0 * 99 / 199, 2))
    assert z[199] == 3.0 and z[-1] == 3.0       # the last observation holds after it
    assert {"capillary_rise_mm", "ece_root_zone_ds_m"} <= set(rows[0])


def test_capillary_rise_and_drainage_never_share_a_day(tmp_path):
    # AquaCrop 7.3 calculate_CapillaryRise: no rise into a compartment that drained that
    # day, starting from the bottom of the profile
    from zhassyl.aquacrop.run import run_project

    res = run_project(_project(tmp_path, gwt=GWT_FIXED.format(depth=2.0, ec=0.0)))
    cr = np.asarray(res.daily["capillary_rise_mm"], float)
    drain = np.asarray(res.daily["drainage_mm"], float)
    assert cr.sum() > 0 and drain.sum() > 0
    assert not np.any((cr > 0) & (drain > 5e-4))


#: Tables within 1 m: AquaCrop holds the compartments at or below the table saturated
#: (FCadj = SAT), the engine at field capacity (the saturated zone is the aquifer's,
#: docs/groundwater.md), so the engine's rise is larger there.
AQUACROP_CR_KNOWN_DIFFERENCE_M = (0.8, 1.0)


def test_capillary_rise_follows_aquacrop_73_over_table_depth(tmp_path):
    """Season capillary rise on the Ottawa project against AquaCrop 7.3's own runs.

    tests/data/aquacrop73_ottawa_gwt_capillary_rise.csv holds AquaCrop 7.3's Upflow for a
    fixed table at 0.8-5 m (tests/data/aquacrop73_ottawa_gwt_run.sh).  AquaCrop's rise is
    not monotonic in the table's depth either: it peaks around 2.5 m, where the alfalfa's
    roots reach the fringe, and falls beyond 3 m.  Three-season totals within 12 %.
    """
    import csv

    from zhassyl.aquacrop.run import run_project

    ref: dict[float, float] = {}
    path = Path(__file__).parent / "data" / "aquacrop73_ottawa_gwt_capillary_rise.csv"
    for row in csv.DictReader(line for line in path.open() if not line.startswith("#")):
        ref[float(row["depth_m"])] = ref.get(float(row["depth_m"]), 0.0) + float(row["upflow_mm"])
    ours = {}
    for depth in ref:
        res = run_project(_project(tmp_path / str(depth),
                                   gwt=GWT_FIXED.format(depth=depth, ec=0.0)))
        ours[depth] = sum(s["capillary_rise_mm"] for s in res.seasons)
    for depth, cr in ref.items():
        if depth in AQUACROP_CR_KNOWN_DIFFERENCE_M:
            assert ours[depth] > cr      # the documented direction of the difference
            continue
        assert ours[depth] == pytest.approx(cr, rel=0.12), depth
    assert max(ours, key=ours.get) in (2.0, 2.5, 3.0) and max(ref, key=ref.get) == 2.5


def test_a_variable_table_moves_as_in_aquacrop_73(tmp_path):
    """The daily depth of a variable table equals AquaCrop 7.3's Zgwt on every day of the
    Ottawa project (tests/data/aquacrop73_ottawa_gwt_variable_daily.csv, from AquaCrop's
    own day output with this .GWT)."""
    import csv

    from zhassyl.aquacrop.run import run_project

    path = Path(__file__).parent / "data" / "aquacrop73_ottawa_gwt_variable_daily.csv"
    ref = list(csv.DictReader(line for line in path.open() if not line.startswith("#")))
    res = run_project(_project(tmp_path, gwt=GWT_OTTAWA_VARIABLE))
    ours = dict(zip(res.daily["date"].astype(str), res.daily["water_table_m"], strict=True))
    assert len(ref) == len(ours)
    for row in ref:
        assert ours[row["date"]] == pytest.approx(float(row["zgwt_m"]), abs=1e-9), row["date"]
