"""Agreement of ``zhassyl aquacrop`` with AquaCrop's own results on the same project.

A case is an AquaCrop project (``LIST/<case>.PRM``) together with AquaCrop's
daily results trimmed to CSV (``<case>.csv``: ``date``, ``run``,
``soil_water_mm``, ``biomass_cum_t_ha``, ``yield_dry_t_ha``,
``transpiration_mm``, ...; written by ``scripts/aquacrop_oracle_cases.py``).
Per field-season (project run) it compares:

- biomass and dry yield at the end of the run (t/ha, relative difference);
- transpiration summed over the run (mm, relative difference);
- soil water in the profile on the last day (mm, difference);
- the daily cumulative biomass over the cropping period: NRMSE, the root mean
  square difference divided by the mean of AquaCrop's values (%), the
  normalised RMSE of AquaCrop's own evaluation output.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zhassyl.aquacrop.run import run_project


@dataclass(frozen=True)
class SeasonAgreement:
    case: str
    run: int
    biomass_aquacrop_t_ha: float
    biomass_zhassyl_t_ha: float
    yield_aquacrop_t_ha: float
    yield_zhassyl_t_ha: float
    transpiration_aquacrop_mm: float
    transpiration_zhassyl_mm: float
    soil_water_end_aquacrop_mm: float
    soil_water_end_zhassyl_mm: float
    biomass_nrmse_pct: float

    @staticmethod
    def _rel(ours: float, theirs: float, floor: float) -> float:
        return 100.0 * (ours - theirs) / max(abs(theirs), floor)

    @property
    def biomass_diff_pct(self) -> float:
        """Relative difference of season biomass [%] (denominator at least 0.1 t/ha)."""
        return self._rel(self.biomass_zhassyl_t_ha, self.biomass_aquacrop_t_ha, 0.1)

    @property
    def yield_diff_pct(self) -> float:
        return self._rel(self.yield_zhassyl_t_ha, self.yield_aquacrop_t_ha, 0.1)

    @property
    def transpiration_diff_pct(self) -> float:
        """Relative difference of season transpiration [%] (denominator at least 10 mm)."""
        return self._rel(self.transpiration_zhassyl_mm, self.transpiration_aquacrop_mm, 10.0)

    @property
    def soil_water_diff_mm(self) -> float:
        return self.soil_water_end_zhassyl_mm - self.soil_water_end_aquacrop_mm


def read_reference(path: str | Path) -> dict[str, np.ndarray]:
    """AquaCrop's trimmed daily results (CSV written by the oracle generator)."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    out = {"date": np.array([r["date"] for r in rows], dtype="datetime64[D]"),
           "run": np.array([int(r["run"]) for r in rows])}
    for k in rows[0]:
        if k not in out:
            out[k] = np.array([float(r[k]) for r in rows])
    return out


def compare_case(prm: str | Path, reference_csv: str | Path) -> list[SeasonAgreement]:
    """Run ``prm`` with the engine and compare each run with AquaCrop's results."""
    result = run_project(prm)
    ours = result.daily
    ref = read_reference(reference_csv)
    dates = np.asarray(ours["date"], dtype="datetime64[D]")
    case = Path(prm).stem
    out = []
    for run in result.project.runs:
        sel = ours["run"] == run.number
        rsel = ref["run"] == run.number
        if not np.array_equal(dates[sel], ref["date"][rsel]):
            raise ValueError(f"{case} run {run.number}: the days of the two models differ")
        crop = (ref["date"][rsel] >= np.datetime64(run.crop_first_date)) & (
            ref["date"][rsel] <= np.datetime64(run.crop_last_date))
        b_ours = ours["biomass_cum_t_ha"][sel][crop]
        b_ref = ref["biomass_cum_t_ha"][rsel][crop]
        nrmse = 100.0 * float(np.sqrt(np.mean((b_ours - b_ref) ** 2))) / max(
            float(np.mean(b_ref)), 0.05)
        out.append(SeasonAgreement(
            case=case, run=run.number,
            biomass_aquacrop_t_ha=float(ref["biomass_cum_t_ha"][rsel][-1]),
            biomass_zhassyl_t_ha=float(ours["biomass_cum_t_ha"][sel][-1]),
            yield_aquacrop_t_ha=float(ref["yield_dry_t_ha"][rsel][-1]),
            yield_zhassyl_t_ha=float(ours["yield_dry_cum_t_ha"][sel][-1]),
            transpiration_aquacrop_mm=float(ref["transpiration_mm"][rsel].sum()),
            transpiration_zhassyl_mm=float(ours["transpiration_mm"][sel].sum()),
            soil_water_end_aquacrop_mm=float(ref["soil_water_mm"][rsel][-1]),
            soil_water_end_zhassyl_mm=float(ours["storage_mm"][sel][-1]),
            biomass_nrmse_pct=nrmse))
    return out


def compare_all(directory: str | Path) -> list[SeasonAgreement]:
    """Every case of an oracle directory (``project/LIST/*.PRM`` with ``aquacrop/*.csv``)."""
    directory = Path(directory)
    rows: list[SeasonAgreement] = []
    for ref in sorted((directory / "aquacrop").glob("*.csv")):
        rows += compare_case(directory / "project" / "LIST" / f"{ref.stem}.PRM", ref)
    return rows
