"""Economics risk and CLI.  The simulation is replaced by a labelled TEST DOUBLE
(``economics_stub.run_systems``); budgets, finance and Monte Carlo run for real."""

from __future__ import annotations

import json

import numpy as np
import pytest

import economics_stub
from zhassyl import cli
from zhassyl.economics.policy import Cooperative, Farm
from zhassyl.economics.risk import Scenario, monte_carlo, plot, summary
from zhassyl.errors import InputError, ParameterError

SYSTEMS = ("rice-flood", "traditional-alfalfa", "green-cover-alfalfa")


def scenario(**kw):
    base = dict(region="kyzylorda", systems=SYSTEMS, years=4, area_ha=5.0,
                entity=Cooperative("c", (Farm("a", 5.0, True),)))
    base.update(kw)
    return Scenario(**base)


def mc(runs=8, seed=3, **kw):
    return monte_carlo(scenario(**kw), runs, seed, simulate=economics_stub.run_systems,
                       progress=False)


def test_reproducible_and_seed_dependent():
    a, b, c = mc(seed=3), mc(seed=3), mc(seed=4)
    np.testing.assert_array_equal(a.net_income_kzt_ha["rice-flood"],
                                  b.net_income_kzt_ha["rice-flood"])
    assert summary(a) == summary(b)
    assert not np.array_equal(a.net_income_kzt_ha["rice-flood"], c.net_income_kzt_ha["rice-flood"])


def test_runs_are_user_set_and_percentiles_ordered():
    r = mc(runs=5)
    assert r.net_income_kzt_ha["rice-flood"].shape == (5, 4)
    for row in summary(r):
        assert row["runs"] == 5
        for q in ("net_income_{}_kzt", "hay_{}_t_ha", "grain_{}_t_ha", "water_{}_m3_ha"):
            assert row[q.format("p10")] <= row[q.format("p50")] <= row[q.format("p90")]
        assert 0.0 <= row["loss_probability"] <= 1.0


def test_run_k_does_not_depend_on_number_of_runs():
    small, big = mc(runs=3), mc(runs=6)
    np.testing.assert_array_equal(small.hay_t_ha["green-cover-alfalfa"],
                                  big.hay_t_ha["green-cover-alfalfa"][:3])


def test_summary_fields_and_baseline():
    rows = {r["system"]: r for r in summary(mc())}
    assert rows["rice-flood"]["irr"] is None and rows["rice-flood"]["payback_year"] is None
    assert rows["rice-flood"]["npv_vs_baseline_kzt"] == 0.0
    assert rows["rice-flood"]["net_income_p50_kzt"] == pytest.approx(
        rows["rice-flood"]["net_income_p50_kzt_ha"] * 5.0)


def test_plot_writes_png(tmp_path):
    out = tmp_path / "risk.png"
    plot(mc(runs=3), str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_scenarios():
    with pytest.raises(InputError, match="years"):
        scenario(years=0)
    with pytest.raises(InputError, match="area_ha"):
        scenario(area_ha=-1.0)
    with pytest.raises(InputError, match="runs"):
        mc(runs=0)
    with pytest.raises(ParameterError, match="maize-forever"):
        mc(systems=("rice-flood", "maize-forever"))

# ---------------------------------------------------------------- CLI


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """``zhassyl economics`` end to end, on the real farming-system simulation."""

    def run(*argv):
        code = cli.main(["economics", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_cli_json(run_cli):
    code, out, err = run_cli("--region", "kyzylorda", "--systems", ",".join(SYSTEMS),
                             "--area-ha", "150", "--years", "3", "--cooperative",
                             "--members", "30", "--runs", "4", "--format", "json",
                             "--currency", "USD")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["system"] for r in rows] == list(SYSTEMS)
    assert {r["level"] for r in rows} == {"farm"}          # the default production level
    for key in ("system", "npv_kzt", "irr", "payback_year", "net_income_p10_kzt",
                "net_income_p50_kzt", "net_income_p90_kzt", "loss_probability", "npv_usd"):
        assert key in rows[0]


def test_cli_progress_plot_and_budget(run_cli, tmp_path):
    png = tmp_path / "p.png"
    code, out, err = run_cli("--region", "kyzylorda", "--systems", "rice-flood", "--years", "2",
                             "--runs", "3", "--plot", str(png))
    assert code == 0 and png.exists()
    assert "3/3" in err  # tqdm progress bar on standard error
    code, out, err = run_cli("--region", "kyzylorda", "--systems", "rice-flood", "--years", "1",
                             "--show", "budget", "--format", "csv")
    assert code == 0 and "diesel:" in out and "water:basin" in out


def test_cli_eligibility_and_loan(run_cli):
    code, out, _ = run_cli("--area-ha", "5", "--show", "eligibility", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["kaf_leasing"]["eligible"] is False
    code, out, _ = run_cli("--area-ha", "150", "--cooperative", "--members", "30",
                           "--show", "eligibility", "--format", "json")
    assert {r["id"]: r for r in json.loads(out)}["kaf_leasing"]["eligible"] is True
    code, out, _ = run_cli("--loan", "kaf_leasing", "--loan-amount-kzt", "1000000",
                           "--show", "loan", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 7
    code, _, err = run_cli("--region", "kyzylorda", "--systems", "rice-flood", "--area-ha", "5",
                           "--loan", "kaf_leasing", "--loan-amount-kzt", "1000")
    assert code == 1 and "200" in err


def test_cli_case_study(run_cli):
    code, out, _ = run_cli("--case-study", "--format", "json")
    rows = {r["claim"]: r for r in json.loads(out)}
    assert code == 0 and len(rows) == 6   # 4 from data + 2 on simulated farm-level hectares
    assert "hay yield x2-2.5 over traditional sowing (farm level, simulated)" in rows
    assert rows["seed cost halved at 10 kg/ha"]["supported"] == "yes"


@pytest.mark.parametrize("argv, field, exit_code", [
    (["--area-ha", "-5"], "--area-ha", 2),        # out of bounds: refused by the parser
    (["--currency", "XYZ"], "currency", 1),
    (["--programme", "nope"], "programme", 1),
    (["--years", "0"], "--years", 2),
    (["--systems", "rice-flood,maize-forever"], "maize-forever", 1),
    (["--price", "hay_alfalfa=-3"], "hay_alfalfa", 1),
    (["--region", "atlantis"], "--region", 1),
    (["--runs", "0"], "--runs", 2),
    (["--discount-rate", "-2"], "--discount-rate", 2),
    (["--members", "0"], "--members", 2),
])
def test_cli_bad_input(run_cli, argv, field, exit_code):
    base = {"--region": "kyzylorda", "--systems": "rice-flood", "--years": "2", "--runs": "2"}
    for k, v in zip(argv[::2], argv[1::2], strict=True):
        base[k] = v
    code, _, err = run_cli(*[x for kv in base.items() for x in kv])
    assert code == exit_code
    assert field in err
