"""Writing a scale-up's results: summary.csv, .parquet, .png, map.svg, run.json."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

from zhassyl.i18n import _
from zhassyl.scale.chunk import VARIABLES
from zhassyl.scale.config import ScaleScenario
from zhassyl.scale.execute import RunInfo


def summary_columns(rows: list[dict]) -> list[str]:
    """``region, year``, the quantities, then their ``_p10``/``_p90``/``_se`` columns."""
    head = ["region", "year", *VARIABLES]
    return head + [k for k in rows[0] if k not in head] if rows else head


def write_csv(rows: list[dict], path: Path) -> None:
    """The summary as CSV (one row per region and year, and ``national``)."""
    cols = summary_columns(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.2f}" if isinstance(v, float) else v) for k, v in r.items()})


def write_parquet(rows: list[dict], path: Path) -> None:
    """The summary as Parquet (pyarrow), full precision."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = summary_columns(rows)
    table = pa.table({c: [r[c] for r in rows] for c in cols})
    pq.write_table(table, path)


def write_plot(rows: list[dict], path: Path) -> None:
    """National water saved, hay, CO2e and income change per year, with P10-P90 bands."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nat = [r for r in rows if r["region"] == "national"]
    years = [r["year"] for r in nat]
    panels = (("water_saved_m3", 1e6, _("water saved [million m3]")),
              ("hay_t", 1e3, _("alfalfa hay [kt]")),
              ("co2e_t", 1e3, _("SOC gain vs baseline [kt CO2e]")),
              ("income_change_kzt", 1e9, _("farm income change [billion KZT]")))
    fig, axes = plt.subplots(2, 2, figsize=(10, 7), sharex=True)
    for ax, (var, scale, label) in zip(axes.flat, panels, strict=True):
        ax.plot(years, [r[var] / scale for r in nat], color="tab:green")
        ax.fill_between(years, [r[f"{var}_p10"] / scale for r in nat],
                        [r[f"{var}_p90"] / scale for r in nat], color="tab:green", alpha=0.25,
                        label="P10-P90")
        ax.set_title(label, fontsize=10)
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(_("National scale-up: all regions, per year"))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_map(rows: list[dict], path: Path, scenario: ScaleScenario) -> None:
    """A choropleth of each region's irrigation water saved in the last year (packaged map)."""
    from zhassyl.scale.regionmap import choropleth_svg

    year = max(r["year"] for r in rows)
    values = {r["region"]: r["water_saved_m3"] / 1e6 for r in rows
              if r["year"] == year and r["region"] != "national"}
    note = _("{name}: estimate of the stratified sample, mean over {reps} climate sequences, "
             "production level {level}; national {total:,.2f} million m3").format(
        name=scenario.name, reps=scenario.climate_replicates, level=scenario.level,
        total=sum(values.values()))
    path.write_text(choropleth_svg(
        values, title=_("Irrigation water saved in {year}").format(year=year),
        unit=_("million m3"), note=note), encoding="utf-8")


def write_outputs(outdir: str | Path, scenario: ScaleScenario, rows: list[dict],
                  info: RunInfo, n_fields: int) -> list[Path]:
    """summary.csv, summary.parquet, summary.png, map.svg and run.json in ``outdir``."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "summary.csv", out / "summary.parquet", out / "summary.png", out / "map.svg",
             out / "run.json"]
    write_csv(rows, paths[0])
    write_parquet(rows, paths[1])
    write_plot(rows, paths[2])
    write_map(rows, paths[3], scenario)
    meta = {
        "scenario": scenario.name, "file": scenario.path, "level": scenario.level,
        "seed": scenario.seed, "years": scenario.years, "start_year": scenario.start_year,
        "fields_per_stratum": scenario.fields_per_stratum,
        "climate_replicates": scenario.climate_replicates, "representative_fields": n_fields,
        "adoption": dict(scenario.adoption), "programmes": list(scenario.programmes),
        "strata": [{"id": s.id, "area_ha": s.area_ha, "source": s.source}
                   for s in scenario.strata],
        "run": asdict(info),
        "weather": "generated (weather generator of each region, one sequence per replicate)",
        "units": {"soc_change_t": "t C, stock difference scenario - baseline at the year's end",
                  "co2e_t": "t CO2 (44/12 x soc_change_t)",
                  "livestock_units": "cows wintered on the hay (economics.livestock)"},
    }
    paths[4].write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    return paths
