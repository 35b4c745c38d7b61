"""SDG indicators: the KPI-to-target map and SDG 15.3.1, proportion of land degraded.

SDG 15.3.1 follows the UNCCD Good Practice Guidance (Sims et al. 2021, GPG
version 2) as Trends.Earth implements it (``te_algorithms``): three
sub-indicators per land unit (here: a field) between a baseline and a
reporting period, combined by "one out, all out":

* **productivity**, itself from three measures of an annual productivity
  series: *trajectory* (Mann-Kendall trend, significant at 95 %: z <= -1.96
  degrading, z >= 1.96 improving), *state* (decile class of the reporting
  mean against the baseline distribution, extended 5 % at both ends, minus the
  class of the baseline mean: <= -2 degrading, >= 2 improving) and
  *performance* (reporting mean below half the 90th percentile of similar
  units: degrading), combined into five classes (declining, early signs of
  decline, stable but stressed, stable, increasing) and then three
  (declining and early decline: degraded; stressed and stable: stable);
* **land cover**: the transition from the baseline to the reporting class,
  read from a transition matrix (``data/impact/land_cover_transitions.csv``);
* **soil organic carbon**: a loss of 10 % or more is degradation, a gain of
  10 % or more improvement.

A unit is degraded when any sub-indicator is degraded; improved when none
is degraded and at least one improved; otherwise stable.  Units missing a
sub-indicator are left out of the proportion and reported as ``no data``.

The productivity series of a field is its measured yield of each year
relative to the simulated yield of that year's farming system at the run's
production level (so that a change of crop, rice to alfalfa, is comparable): a
stand-in for the NDVI or NPP series of remote sensing that this programme does not have.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zhassyl.errors import ParameterError
from zhassyl.i18n import N_, _
from zhassyl.impact.data import read_rows

#: Why a field is left out of SDG 15.3.1 (message ids; a unit's ``note`` joins them with
#: "; " and is translated where it is shown, :func:`localised_note`).
NOTES = {"productivity": N_("no productivity in both periods"),
         "season": N_("no season in both periods"),
         "soc": N_("no SOC sample in both periods")}


def localised_note(note: str, lang: str | None = None) -> str:
    """A unit's ``note`` (message ids joined by "; ") in ``lang``."""
    return "; ".join(_(n, lang) for n in note.split("; ") if n)

DEGRADED, STABLE, IMPROVED = -1, 0, 1
#: Five productivity classes (Trends.Earth LPD coding).
DECLINING, EARLY_DECLINE, STRESSED, PROD_STABLE, INCREASING = 1, 2, 3, 4, 5
Z_95 = 1.96           # two-sided 95 % (GPG v2, trajectory significance)
STATE_CLASSES = 2     # GPG v2: a change of two or more decile classes
PERFORMANCE_RATIO = 0.5   # GPG v2: below half the 90th percentile of similar units
SOC_CHANGE_PCT = 10.0     # GPG v2: SOC loss of 10 % or more


def mann_kendall_z(values: Sequence[float]) -> float:
    """Mann-Kendall trend statistic z of a series (no ties correction beyond the variance).

    z = (S - sign(S)) / sqrt(Var S), Var S = [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18
    (Mann 1945; Kendall 1975; Hirsch et al. 1982, eq. 1-3).
    """
    x = np.asarray(values, float)
    n = len(x)
    if n < 3:
        return 0.0
    s = sum(np.sign(x[j] - x[i]) for i in range(n - 1) for j in range(i + 1, n))
    _vals, counts = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in counts)) / 18.0
    if var <= 0 or s == 0:
        return 0.0
    return float((s - np.sign(s)) / math.sqrt(var))


def trajectory_class(values: Sequence[float], z_crit: float = Z_95) -> int:
    """Degrading (-1), stable (0) or improving (+1) by the Mann-Kendall test."""
    z = mann_kendall_z(values)
    return DEGRADED if z <= -z_crit else IMPROVED if z >= z_crit else STABLE


def _decile_class(value: float, cutoffs: np.ndarray) -> int:
    return int(np.searchsorted(cutoffs, value, side="right")) + 1  # 1..10


def state_class(baseline: Sequence[float], reporting: Sequence[float]) -> int:
    """Change of decile class of the reporting mean against the baseline distribution."""
    b = np.asarray(baseline, float)
    lo, hi = b.min(), b.max()
    extended = np.concatenate([b, [lo - 0.05 * abs(lo), hi + 0.05 * abs(hi)]])
    cutoffs = np.percentile(extended, np.arange(10, 100, 10))
    change = _decile_class(float(np.mean(reporting)), cutoffs) - _decile_class(
        float(b.mean()), cutoffs)
    return DEGRADED if change <= -STATE_CLASSES else IMPROVED if change >= STATE_CLASSES \
        else STABLE


def performance_class(value: float, peers: Sequence[float],
                      ratio: float = PERFORMANCE_RATIO) -> int:
    """Degrading (-1) when ``value`` is below ``ratio`` x the 90th percentile of ``peers``."""
    top = float(np.percentile(np.asarray(peers, float), 90))
    return DEGRADED if top > 0 and value < ratio * top else STABLE


def productivity5(trajectory: int, state: int, performance: int) -> int:
    """Five-class productivity from the three measures (Trends.Earth ``calc_prod5``, GPG v2)."""
    out = {DEGRADED: DECLINING, STABLE: PROD_STABLE, IMPROVED: INCREASING}[trajectory]
    if trajectory == STABLE and state == STABLE and performance == DEGRADED:
        out = STRESSED
    if trajectory == IMPROVED and state == DEGRADED and performance == DEGRADED:
        out = EARLY_DECLINE
    if trajectory == STABLE and state == DEGRADED and performance == STABLE:
        out = EARLY_DECLINE
    if trajectory == STABLE and state == DEGRADED and performance == DEGRADED:
        out = DECLINING
    return out


def productivity3(prod5: int) -> int:
    """Three classes for SDG 15.3.1: declining and early decline are degraded."""
    return DEGRADED if prod5 in (DECLINING, EARLY_DECLINE) else \
        IMPROVED if prod5 == INCREASING else STABLE


def land_cover_transitions() -> dict[tuple[str, str], int]:
    """``{(from, to): -1|0|+1}`` (``data/impact/land_cover_transitions.csv``)."""
    return {(r["from"], r["to"]): int(r["meaning"])
            for r in read_rows("land_cover_transitions.csv")}


def land_cover_class(before: str, after: str) -> int:
    """Degradation meaning of a land cover transition."""
    try:
        return land_cover_transitions()[(before, after)]
    except KeyError:
        raise ParameterError(_("no land cover transition {before} -> {after} in "
                               "land_cover_transitions.csv").format(
            before=before, after=after)) from None


def soc_class(soc_before: float, soc_after: float, threshold_pct: float = SOC_CHANGE_PCT) -> int:
    """SOC loss of ``threshold_pct`` % or more: degraded; a gain as large: improved."""
    change = round(100.0 * (soc_after - soc_before) / soc_before, 9)  # 0.9 vs 1.0 is -10 %
    return DEGRADED if change <= -threshold_pct else IMPROVED if change >= threshold_pct \
        else STABLE


def one_out_all_out(productivity: int, land_cover: int, soc: int) -> int:
    """Degraded if any sub-indicator is degraded; improved if none is and one improved."""
    subs = (productivity, land_cover, soc)
    if DEGRADED in subs:
        return DEGRADED
    return IMPROVED if IMPROVED in subs else STABLE


def proportion_degraded(status: Sequence[int | None], area_ha: Sequence[float]) -> dict:
    """Areas by status and the proportion degraded (units without data left out)."""
    out = {"degraded_ha": 0.0, "stable_ha": 0.0, "improved_ha": 0.0, "no_data_ha": 0.0}
    key = {DEGRADED: "degraded_ha", STABLE: "stable_ha", IMPROVED: "improved_ha",
           None: "no_data_ha"}
    for s, a in zip(status, area_ha, strict=True):
        out[key[s]] += a
    assessed = out["degraded_ha"] + out["stable_ha"] + out["improved_ha"]
    out = {k: round(v, 4) for k, v in out.items()}
    out["proportion_degraded"] = (round(out["degraded_ha"] / assessed, 4) if assessed
                                  else None)
    return out


# ----------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class UnitResult:
    """SDG 15.3.1 of one field."""

    field_id: int
    region: str
    area_ha: float
    trajectory: int | None
    state: int | None
    performance: int | None
    productivity: int | None
    land_cover: int | None
    soc: int | None
    status: int | None
    note: str = ""


def field_series(prog, figures) -> dict[int, dict[int, float]]:
    """``{field: {year: measured yield / simulated yield of that year's system}}``.

    The simulated yield is at the figures' production level (``--level``).
    """
    from zhassyl.impact.data import system_map

    smap = system_map()
    seasons = {(s["field_id"], s["year"]): s for s in prog.table("seasons_history")}
    first_gc: dict[int, int] = {}
    for (fid, year), s in sorted(seasons.items()):
        if s["management_system"] == "green-cover-alfalfa":
            first_gc.setdefault(fid, year)
    totals: dict[tuple[int, int], float] = defaultdict(float)
    for y in prog.table("yield_measurements"):
        totals[(y["field_id"], y["measured_on"].year)] += y["yield_t_ha"]
    out: dict[int, dict[int, float]] = defaultdict(dict)
    region_of = {f["id"]: prog.region_of_field(f["id"]) for f in prog.table("fields")}
    for (fid, year), total in totals.items():
        s = seasons.get((fid, year))
        system = smap.get(s["management_system"]) if s else None
        figs = figures.get((region_of.get(fid), system)) if system else None
        if figs is None or figs.missing:
            continue
        stand = year - first_gc.get(fid, year) + 1
        pot = figs.year(figs.hay_t_ha if figs.hay_t_ha and figs.hay_t_ha[0].mean > 0
                        else figs.grain_t_ha, stand).mean
        if pot > 0:
            out[fid][year] = total / pot
    return out


def sdg_15_3_1(prog, baseline, reporting, figures) -> tuple[list[UnitResult], dict]:
    """SDG 15.3.1 per field of ``prog`` and aggregated, for two periods.

    Parameters
    ----------
    prog : Programme
        The registry snapshot (:func:`zhassyl.impact.programme.load_programme`).
    baseline, reporting : Period
        Baseline and reporting periods (years).
    figures : dict
        ``{(region, system): PracticeFigures}`` (simulated yields at one production level).
    """
    from zhassyl.impact.data import read_rows as rows

    cover = {r["management_system"]: r["land_cover"] for r in rows("land_cover.csv")}
    series = field_series(prog, figures)
    seasons: dict[int, list[dict]] = defaultdict(list)
    for s in prog.table("seasons_history"):
        seasons[s["field_id"]].append(s)
    samples: dict[int, list[dict]] = defaultdict(list)
    for s in sorted(prog.table("soil_samples"), key=lambda s: s["sampled_on"]):
        if s["soc_pct"] is not None:
            samples[s["field_id"]].append(s)
    fields = prog.table("fields")
    region_of = {f["id"]: prog.region_of_field(f["id"]) for f in fields}
    texture = {f["id"]: f.get("soil_texture") for f in fields}
    reporting_mean = {}
    for f in fields:
        rep = [v for y, v in series.get(f["id"], {}).items() if reporting.contains_year(y)]
        if rep:
            reporting_mean[f["id"]] = float(np.mean(rep))
    results = []
    for f in fields:
        fid = f["id"]
        notes = []
        ser = series.get(fid, {})
        base = [v for y, v in sorted(ser.items()) if baseline.contains_year(y)]
        rep = [v for y, v in sorted(ser.items()) if reporting.contains_year(y)]
        traj = state = perf = prod = None
        if base and rep:
            traj = trajectory_class([v for y, v in sorted(ser.items())
                                     if baseline.first <= y <= reporting.last])
            state = state_class(base, rep)
            peers = [v for g, v in reporting_mean.items()
                     if region_of[g] == region_of[fid] and texture[g] == texture[fid]]
            perf = performance_class(reporting_mean[fid], peers)
            prod = productivity3(productivity5(traj, state, perf))
        else:
            notes.append(NOTES["productivity"])
        sb = [s for s in seasons[fid] if baseline.contains_year(s["year"])]
        sr = [s for s in seasons[fid] if reporting.contains_year(s["year"])]
        lc = None
        if sb and sr:
            lc = land_cover_class(cover[max(sb, key=lambda s: s["year"])["management_system"]],
                                  cover[max(sr, key=lambda s: s["year"])["management_system"]])
        else:
            notes.append(NOTES["season"])
        smp = samples[fid]
        before = [s for s in smp if s["sampled_on"].year <= baseline.last]
        after = [s for s in smp if reporting.contains(s["sampled_on"])]
        soc = None
        if before and after and before[-1]["soc_pct"] > 0:
            soc = soc_class(before[-1]["soc_pct"], after[-1]["soc_pct"])
        else:
            notes.append(NOTES["soc"])
        status = None if None in (prod, lc, soc) else one_out_all_out(prod, lc, soc)
        results.append(UnitResult(fid, region_of[fid], f["area_ha"], traj, state, perf, prod,
                                  lc, soc, status, "; ".join(notes)))
    total = proportion_degraded([r.status for r in results], [r.area_ha for r in results])
    return results, total


#: Languages with their own column of target wording in ``sdg_targets.csv``.
TARGET_TEXT_LANGUAGES = ("ru", "kk")


def sdg_table(lang: str | None = None) -> list[dict]:
    """The SDG targets the case study names, with the KPI that reports each.

    ``target_text`` is the target's wording in ``lang`` (default: the interface
    language): the file's ``target_text_ru`` / ``target_text_kk`` column (each
    translation's origin in ``translation_source``), else the English.
    """
    from zhassyl.i18n import current_language

    lang = lang or current_language()
    out = []
    for r in read_rows("sdg_targets.csv"):
        row = {k: v for k, v in r.items() if not k.startswith("target_text_")}
        if lang in TARGET_TEXT_LANGUAGES and r.get(f"target_text_{lang}"):
            row["target_text"] = r[f"target_text_{lang}"]
        out.append(row)
    return out
