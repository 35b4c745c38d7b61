"""One chunk of a scale-up: representative fields in, per-stratum partial sums out.

A chunk is what one Dask task computes (or one step of an in-process run):
for its fields and every climate replicate it builds the field scenarios
(:func:`zhassyl.scenario.builders.field_scenario`), simulates them with their
baselines (:func:`zhassyl.scenario.run.run_scenarios`), prices every
field-year at once (:func:`zhassyl.economics.budget_arrays.budget_arrays`),
runs RothC over every field at once (:func:`zhassyl.carbon.soc_arrays.soc_arrays`)
and turns the per-hectare differences system - baseline into calendar-year
quantities per hectare of stratum land through the adoption schedule.  It
returns only sums per stratum (:class:`Partial`), so what travels back and
what the client keeps does not grow with the number of fields.

Adoption schedule
-----------------
With cumulative shares :math:`s_t` of a system (year ``t`` = 0..Y-1) the land
converted in year ``c`` is :math:`a_c = s_c - s_{c-1}` (:math:`s_{-1} = 0`); in
calendar year ``t`` it is in its year ``t - c + 1`` of the system, so a
per-hectare quantity :math:`x_k` of system year ``k`` gives
:math:`y_t = \\sum_{c \\le t} a_c\\, x_{t-c}` per hectare of stratum land.  Every
cohort's year ``k`` is the representative field's simulated year ``k`` (the
same weather sequence, counted from the switch): a simplification, stated in
``docs/scale.md``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zhassyl.scale.config import ScaleScenario
from zhassyl.scale.sampling import FieldRange, SampleField, fields_of

#: Output quantities (per region and year), in the order of the summary's columns.
VARIABLES = ("area_converted_ha", "irrigation_baseline_m3", "irrigation_scenario_m3",
             "water_saved_m3", "hay_t", "grain_t", "livestock_units", "soc_change_t",
             "co2e_t", "income_change_kzt", "subsidy_kzt")
#: t CO2 per t C (molar masses 44/12; IPCC 2006 Guidelines vol. 4, eq. 2.3 convention).
CO2_PER_C = 44.0 / 12.0


@dataclass
class Partial:
    """Sums over a chunk's fields, per stratum.

    ``rep_sum[h, r, v, t]``: sum over the stratum's fields of quantity ``v``
    per hectare of stratum land in year ``t`` under climate replicate ``r``;
    ``bar_sum`` and ``bar_sq``: sums of the replicate mean and of its square
    (for the sampling error); ``n[h]``: fields.
    """

    chunk_id: int
    rep_sum: np.ndarray
    bar_sum: np.ndarray
    bar_sq: np.ndarray
    n: np.ndarray

    @classmethod
    def zeros(cls, scenario: ScaleScenario, chunk_id: int = -1) -> Partial:
        """Empty sums for ``scenario``."""
        h, r, v, y = (len(scenario.strata), scenario.climate_replicates, len(VARIABLES),
                      scenario.years)
        return cls(chunk_id, np.zeros((h, r, v, y)), np.zeros((h, v, y)), np.zeros((h, v, y)),
                   np.zeros(h, dtype=np.int64))


def weather_seed(seed: int, region: str, replicate: int) -> int:
    """Weather seed of climate replicate ``replicate`` in ``region`` (shared by its fields)."""
    return (seed * 1_000_003 + replicate * 7919 + zlib.crc32(region.encode("utf-8"))) % 2**31


def field_scenarios(scenario: ScaleScenario, fields: Sequence[SampleField]):
    """The field scenarios of ``fields`` x climate replicates (field-major)."""
    from zhassyl.scenario.builders import field_scenario

    out = []
    for f in fields:
        st = scenario.strata[f.stratum]
        reg = scenario.region(st.region)
        for r in range(scenario.climate_replicates):
            out.append(field_scenario(
                f"{st.id}#{f.index}@r{r}", st.region, scenario.systems, scenario.years,
                baseline=st.practice, soil=st.soil, ece0_ds_m=f.ece0_ds_m,
                ec_iw_ds_m=reg.ec_iw_ds_m, groundwater_depth_m=reg.groundwater_depth_m,
                ec_gw_ds_m=reg.ec_gw_ds_m, water_source=reg.water_source,
                weather_seed=weather_seed(scenario.seed, st.region, r),
                level=scenario.level, where=f"{scenario.path}: stratum {st.id}"))
    return out


def adoption_matrix(shares: Sequence[float]) -> np.ndarray:
    """``M[t, k]``: hectares in system year ``k`` in calendar year ``t`` per hectare of land."""
    s = np.asarray(shares, dtype=np.float64)
    a = np.diff(np.concatenate([[0.0], s]))
    y = len(s)
    m = np.zeros((y, y))
    for t in range(y):
        m[t, :t + 1] = a[t::-1]
    return m


def run_chunk(scenario: ScaleScenario, fields: Sequence[SampleField | FieldRange],
              chunk_id: int, chunk_size: int | None = None) -> Partial:
    """Simulate ``fields`` under every climate replicate; per-stratum sums (module notes).

    ``fields``: representative fields, or ranges of the design
    (:class:`~zhassyl.scale.sampling.FieldRange`) made into fields here, on the worker.
    """
    fields = [f for item in fields for f in (
        fields_of(scenario, item) if isinstance(item, FieldRange) else [item])]
    from zhassyl.carbon.soc_arrays import soc_arrays
    from zhassyl.economics.budget_arrays import budget_arrays
    from zhassyl.economics.livestock import heads_fed
    from zhassyl.economics.policy import Farm, get_programme
    from zhassyl.economics.prices import PriceBook
    from zhassyl.errors import InputError, Problem
    from zhassyl.i18n import _
    from zhassyl.scenario.run import run_scenarios

    out = Partial.zeros(scenario, chunk_id)
    if not fields:
        return out
    years, reps = scenario.years, scenario.climate_replicates
    batch = field_scenarios(scenario, fields)
    results = run_scenarios(batch, monthly=True, chunk_size=chunk_size, erosion=False)
    by: dict[tuple[str, str], list] = {}
    for row, rec in zip(results.rows, results.records, strict=True):
        by.setdefault((row["field_id"], rec.system), []).append(rec)
    systems = scenario.systems
    groups = []
    for sc in batch:
        g = [by.get((sc.field_id, s), []) for s in (sc.baseline, *systems)]
        if any(len(rows) != years for rows in g):
            raise InputError(Problem(scenario.path, None, sc.field_id, _(
                "the simulation gave fewer seasons than the {years} years asked").format(
                    years=years)))
        groups.append(g)
    n_sc, n_f = len(batch), 1 + len(systems)
    soc = soc_arrays(groups, [sc.clay_pct for sc in batch],
                     soc_initial_t_c_ha=[sc.soc0_t_c_ha for sc in batch])   # (n_sc, n_f, Y)
    flat = [rec for g in groups for rows in g for rec in rows]
    year = np.array([rec.year for rec in flat])
    cal = scenario.start_year + year - 1
    progs = [scenario.programmes[k - 1] for k in year]
    rule = np.array([cal[i] if p is None else min(max(cal[i], get_programme(p).first_year),
                                                   get_programme(p).last_year)
                     for i, p in enumerate(progs)])
    entity = Farm("scale-up", 1.0, cooperative_member=scenario.cooperative)
    budget = budget_arrays(flat, cal, PriceBook(dict(scenario.prices)), entity=entity,
                           programme=progs, rule_year=rule)
    no_policy = np.array([p is None for p in progs])
    subsidy = np.where(no_policy, 0.0, budget.subsidy_kzt)
    net = budget.revenue_kzt + subsidy - budget.cost_kzt

    def arr(values) -> np.ndarray:
        return np.asarray(values, dtype=np.float64).reshape(n_sc, n_f, years)

    irr = arr([rec.irrigation_m3_ha for rec in flat])
    hay = arr([rec.hay_t_ha for rec in flat])
    grain = arr([rec.grain_t_ha for rec in flat])
    net, subsidy = arr(net), arr(subsidy)
    y = np.zeros((n_sc, len(VARIABLES), years))
    for i, (_sysid, shares) in enumerate(scenario.adoption):
        j = 1 + i
        x = np.stack([
            np.ones((n_sc, years)), irr[:, 0], irr[:, j], irr[:, 0] - irr[:, j], hay[:, j],
            grain[:, j], heads_fed(hay[:, j], "cows"), soc[:, j] - soc[:, 0],
            CO2_PER_C * (soc[:, j] - soc[:, 0]), net[:, j] - net[:, 0], subsidy[:, j]],
            axis=1)                                                   # (n_sc, V, Y)
        y += x @ adoption_matrix(shares).T
    y = y.reshape(len(fields), reps, len(VARIABLES), years)
    ybar = y.mean(axis=1)
    for i, f in enumerate(fields):
        out.rep_sum[f.stratum] += y[i]
        out.bar_sum[f.stratum] += ybar[i]
        out.bar_sq[f.stratum] += ybar[i] ** 2
        out.n[f.stratum] += 1
    return out
