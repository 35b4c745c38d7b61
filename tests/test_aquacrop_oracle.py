"""Differential test of the engine against AquaCrop 7.3 (issue 11).

The cases under ``tests/data/aquacrop_oracle`` are AquaCrop projects written by
``scripts/aquacrop_oracle_cases.py`` (seed in ``SEED``) with AquaCrop 7.3's own
daily results (``aquacrop/<case>.csv``); see that directory's README for the
exact commands.  AquaCrop itself is not needed here.

Tolerances (issue 11): per field-season biomass and transpiration within 10 % of
AquaCrop, daily cumulative-biomass NRMSE at most 10 %.  Field-seasons that do not
pass yet are listed by name in ``KNOWN_DIFFERENCES`` with the reason; they are
strict xfails, so a fix that makes one pass fails the test until it is removed
from the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zhassyl.aquacrop.agreement import SeasonAgreement, compare_case

ORACLE = Path(__file__).parent / "data" / "aquacrop_oracle"
TOLERANCE_PCT = 10.0

_AERATION = ("aeration stress on AquaCrop's default clay (FC 54 > SAT 55 - 5 vol%, so the soil is "
             "waterlogged at field capacity): modelled since issue 11 with AquaCrop 7.3's "
             "root-zone and per-compartment rules, it now goes the other way on this irrigated "
             "saline maize: the engine transpires 54 % less than AquaCrop (74 vs 34 mm); the "
             "cause (how long AquaCrop's waterlogging lasts under its irrigation) is not found")
_CARRY_OVER = ("dry regrowth year after a dry autumn: the engine starts the season with 5 mm more "
               "water at 0.6-0.8 m (at the end of the previous season its autumn canopy is 85 % "
               "against AquaCrop's 72 % and AquaCrop's soil evaporates 1.2-1.4 mm/d in its last "
               "days against 0.1), which matters when the whole spring transpires 7 mm; "
               "the engine transpires 13 % more")

#: "case/run" -> why it does not agree yet.
KNOWN_DIFFERENCES = {
    "maize_arid_clay_saline/1": _AERATION,
    "alf_steppe_loam_rainfed/3": _CARRY_OVER,
}


def _seasons() -> list[tuple[str, int]]:
    out = []
    for prm in sorted((ORACLE / "project" / "LIST").glob("*.PRM")):
        text = prm.read_text(encoding="latin-1").splitlines()
        n_runs = (len(text) - 2) // 47
        out += [(prm.stem, k) for k in range(1, n_runs + 1)]
    return out


SEASONS = _seasons()
_cache: dict[str, list[SeasonAgreement]] = {}


def _agreement(case: str, run: int) -> SeasonAgreement:
    if case not in _cache:
        _cache[case] = compare_case(ORACLE / "project" / "LIST" / f"{case}.PRM",
                                    ORACLE / "aquacrop" / f"{case}.csv")
    return _cache[case][run - 1]


def test_the_oracle_spans_the_issue():
    """At least 30 field-seasons, dry to wet, sand to clay, four crops."""
    assert len(SEASONS) >= 30
    names = {c for c, _r in SEASONS}
    for word in ("rainfed", "deficit", "full", "sand", "clay", "layered", "saline", "co2high",
                 "gddcuts", "alf_", "maize_", "wheat_", "barley_"):
        assert any(word in n for n in names), word
    assert set(KNOWN_DIFFERENCES) <= {f"{c}/{r}" for c, r in SEASONS}


def _params():
    for case, run in SEASONS:
        key = f"{case}/{run}"
        marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[key])]
                 if key in KNOWN_DIFFERENCES else [])
        yield pytest.param(case, run, id=key, marks=marks)


@pytest.mark.parametrize("case, run", list(_params()))
def test_field_season_agrees_with_aquacrop(case, run):
    a = _agreement(case, run)
    print(f"{case}/{run}: biomass {a.biomass_diff_pct:+.1f} %, transpiration "
          f"{a.transpiration_diff_pct:+.1f} %, NRMSE {a.biomass_nrmse_pct:.1f} %")
    assert abs(a.biomass_diff_pct) <= TOLERANCE_PCT
    assert abs(a.transpiration_diff_pct) <= TOLERANCE_PCT
    assert a.biomass_nrmse_pct <= TOLERANCE_PCT


def test_water_balance_closes_on_every_oracle_case():
    from zhassyl.aquacrop.run import run_project

    for case in sorted({c for c, _r in SEASONS}):
        result = run_project(ORACLE / "project" / "LIST" / f"{case}.PRM")
        for s in result.seasons:
            assert abs(s["balance_residual_mm"]) < 1e-6, (case, s["run"])


def test_listed_irrigation_events_are_applied_as_aquacrop_reads_them():
    """Days of ``.IRR`` events count from the first day of the cropping period when
    day 1 of the list is -9 (AquaCrop 7.3 ``run.f90``, ``IrriManual``); every listed
    event of the full-irrigation maize case is applied with its net depth."""
    from zhassyl.aquacrop.irrigation import IrrigationMode, read_irrigation
    from zhassyl.aquacrop.run import run_project

    prm = ORACLE / "project" / "LIST" / "maize_arid_loam_full.PRM"
    irr = read_irrigation(ORACLE / "project" / "DATA" / "maize_arid_loam_full_1.IRR")
    assert irr.mode is IrrigationMode.EVENTS and irr.list_day1_day_number is None
    result = run_project(prm)
    run = result.project.runs[0]
    import numpy as np

    dates = np.asarray(result.daily["date"], dtype="datetime64[D]")
    irrigated = dates[result.daily["irrigation_mm"] > 0]
    first = np.datetime64(run.crop_first_date)
    assert list(irrigated) == [first + (e.day - 1) for e in irr.events]
    assert result.daily["irrigation_mm"].sum() == pytest.approx(
        sum(e.depth_mm for e in irr.events))


def test_generated_irrigation_is_refused_with_the_file_and_line(tmp_path):
    """An .IRR file that asks AquaCrop to generate irrigation (mode 2) is not run with a
    silent substitute: ``zhassyl aquacrop`` names the file and its mode line."""
    import shutil

    from zhassyl.aquacrop.run import run_project
    from zhassyl.errors import InputError

    root = tmp_path / "p"
    shutil.copytree(ORACLE / "project", root)
    irr = root / "DATA" / "maize_arid_loam_full_1.IRR"
    lines = irr.read_text().splitlines()
    lines[4] = "   2         : Generation of irrigation schedule"
    lines[5:] = ["   3", "   1", "  -9", "  From day   Depl.(%RAW)   Net (mm)   ECw",
                 "=====", "     1           100          0       0.0"]
    irr.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        run_project(root / "LIST" / "maize_arid_loam_full.PRM")
    problems = excinfo.value.problems
    assert len(problems) == 1
    assert problems[0].file.endswith("maize_arid_loam_full_1.IRR")
    assert problems[0].row == 5


def test_restrictive_soil_layer_is_refused(tmp_path):
    """AquaCrop stops roots at a horizon of low penetrability (``ZrAdjustedToRestrictiveLayers``);
    the engine does not model it, so such a soil is refused, not silently run."""
    import shutil

    from zhassyl.aquacrop.run import run_project
    from zhassyl.errors import InputError

    root = tmp_path / "p"
    shutil.copytree(ORACLE / "project", root)
    sol = root / "DATA" / "wheat_steppe_layered_rainfed.SOL"
    lines = sol.read_text().splitlines()
    lines[-1] = lines[-1].replace("        100  ", "          0  ")
    sol.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        run_project(root / "LIST" / "wheat_steppe_layered_rainfed.PRM")
    (problem,) = excinfo.value.problems
    assert problem.file.endswith("wheat_steppe_layered_rainfed.SOL")
    assert problem.column == "horizon 2 penetrability"
