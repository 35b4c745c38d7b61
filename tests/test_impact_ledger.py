"""The Fund's ledger: reconciliation, flags, cost-effectiveness and who may read money."""

import copy
import datetime as dt

import pytest

from conftest import seeded_demo_url
from zhassyl.cli import main
from zhassyl.impact.kpi import Kpi
from zhassyl.impact.ledger import LedgerError, check_ledger, cost_effectiveness, flags, reconcile
from zhassyl.impact.provenance import Provenance
from zhassyl.registry import repositories as repo
from zhassyl.registry.db import connect
from zhassyl.registry.importexport import export_tables
from zhassyl.registry.policy import ROLES, Actor, PermissionDenied

D = dt.date
MONEY = ("grants", "budget_lines", "disbursements", "farm_subsidies")


@pytest.fixture(scope="module")
def demo_ledger(demo_url):
    auditor = Actor("a", "auditor")
    with connect(demo_url).session(auditor) as s:
        return repo.ledger_records(s, auditor)


def test_demo_ledger_reconciles_without_flags(demo_ledger):
    rows = check_ledger(demo_ledger)
    assert rows and all(r["reconciles"] for r in rows)
    for r in rows:
        assert r["received"] == pytest.approx(r["disbursed"] + r["committed"] + r["balance"])
    assert flags(demo_ledger) == []
    assert demo_ledger["farm_subsidies"]
    assert any(d["proposal_id"] for d in demo_ledger["disbursements"])


def small_ledger():
    return {
        "grants": [{"id": 1, "donor": "d", "amount": 1000.0, "currency": "USD",
                    "starts_on": D(2019, 1, 1), "ends_on": D(2019, 12, 31),
                    "received_amount": 1000.0, "balance_amount": 300.0}],
        "budget_lines": [{"id": 1, "grant_id": 1, "code": "A", "amount": 600.0},
                         {"id": 2, "grant_id": 1, "code": "B", "amount": 400.0}],
        "disbursements": [
            {"id": 1, "grant_id": 1, "budget_line_id": 1, "proposal_id": 7, "activity": None,
             "paid_on": D(2019, 9, 1), "amount": 500.0, "currency": "USD", "status": "paid"},
            {"id": 2, "grant_id": 1, "budget_line_id": 2, "proposal_id": None,
             "activity": "training", "paid_on": D(2019, 10, 1), "amount": 200.0,
             "currency": "USD", "status": "committed"}],
        "proposals": [{"id": 7, "status": "approved", "decided_on": D(2019, 8, 1)},
                      {"id": 8, "status": "rejected", "decided_on": D(2019, 8, 1)}],
    }


def test_small_ledger_reconciles():
    (row,) = check_ledger(small_ledger())
    assert (row["received"], row["disbursed"], row["committed"], row["balance"]) == (
        1000.0, 500.0, 200.0, 300.0)
    assert flags(small_ledger()) == []


def test_inconsistent_ledger_fails_loudly():
    led = small_ledger()
    led["grants"][0]["balance_amount"] = 350.0
    with pytest.raises(LedgerError, match="difference -50"):
        check_ledger(led)
    # a payment in another currency forms its own (grant, currency) pair: nothing received
    led = small_ledger()
    led["disbursements"].append({"id": 3, "grant_id": 1, "budget_line_id": None,
                                 "proposal_id": None, "activity": "x", "paid_on": D(2019, 5, 1),
                                 "amount": 10.0, "currency": "EUR", "status": "paid"})
    rows = {r["currency"]: r for r in reconcile(led)}
    assert rows["USD"]["reconciles"] and not rows["EUR"]["reconciles"]
    assert "currency-differs" in {f["flag"] for f in flags(led)}
    with pytest.raises(LedgerError, match="EUR"):
        check_ledger(led)


@pytest.mark.parametrize("change,flag", [
    ({"proposal_id": None, "activity": " "}, "no-proposal-or-activity"),
    ({"proposal_id": 8}, "proposal-not-approved"),
    ({"paid_on": D(2020, 1, 5)}, "outside-grant-period"),
    ({"paid_on": D(2019, 7, 1)}, "before-approval"),
    ({"amount": 650.0}, "budget-line-overspent"),
])
def test_flags(change, flag):
    led = copy.deepcopy(small_ledger())
    led["disbursements"][0].update(change)
    assert flag in {f["flag"] for f in flags(led)}


def test_budget_beyond_grant_flagged():
    led = small_ledger()
    led["budget_lines"][1]["amount"] = 500.0
    assert [f["flag"] for f in flags(led)] == ["budget-exceeds-grant"]


def test_cost_effectiveness_arithmetic():
    led = small_ledger()
    led["disbursements"].append({"id": 3, "grant_id": 1, "budget_line_id": None,
                                 "proposal_id": None, "activity": "x", "paid_on": D(2019, 9, 1),
                                 "amount": 100_000.0, "currency": "KZT", "status": "paid"})
    area = Kpi("area_restored_ha", 10.0, "ha", Provenance("mixed"))
    rows = {r["per"]: r for r in cost_effectiveness(led, {"area_restored_ha": area})}
    # 500 USD at the NBK rate of 23 Aug 2019 (386.04 KZT, data/economics/currency_rates.csv)
    kzt = 500 * 386.04 + 100_000
    assert rows["area_restored_ha"]["kzt_per_unit"] == pytest.approx(kzt / 10, abs=0.01)
    assert rows["area_restored_ha"]["usd_per_unit"] == pytest.approx(
        (500 + 100_000 / 386.04) / 10, abs=1e-4)
    assert rows["jobs_total"]["kzt_per_unit"] is None  # no KPI, no ratio


@pytest.mark.parametrize("role", ROLES)
def test_money_role_matrix(demo_url, role):
    actor = Actor(f"u-{role}", role, 1 if role == "farmer" else None)
    reg = connect(demo_url)
    may_read = role in ("director", "trustee", "auditor")
    for table in MONEY:
        with reg.sessions() as s:
            s.info["actor"] = actor
            try:
                repo.list_records(s, actor, table)
                read = True
            except PermissionDenied:
                read = False
            try:
                repo.update_record(s, actor, table, 1, {})
                write = True
            except PermissionDenied:
                write = False
            finally:
                s.rollback()
        assert read == may_read, (role, table)
        assert write == (role == "director"), (role, table)
    if role in ("director", "staff", "auditor"):
        with reg.sessions() as s:
            exported = set(export_tables(s, actor))
        assert set(MONEY) <= exported if may_read else not set(MONEY) & exported


def test_cli_ledger_fails_on_inconsistent_ledger(tmp_path, capsys):
    url = seeded_demo_url(tmp_path / "demo.db")
    assert main(["impact", "ledger", "--database-url", url, "--role", "auditor"]) == 0
    # tables show booleans as yes/no since 1d4e812 (the JSON keeps true/false)
    assert "reconciles" in (out := capsys.readouterr().out) and " yes" in out
    director = Actor("d", "director")
    with connect(url).session(director) as s:
        repo.update_record(s, director, "grants", 1, {"balance_amount": 0.0})
    assert main(["impact", "ledger", "--database-url", url, "--role", "auditor"]) == 1
    captured = capsys.readouterr()
    assert "does not reconcile" in captured.err
    assert main(["impact", "ledger", "--database-url", url, "--role", "viewer"]) == 3  # PERMISSION
    assert "permission denied" in capsys.readouterr().err
