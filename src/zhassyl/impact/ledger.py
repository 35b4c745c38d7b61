"""The auditor's view of the Fund's money: reconciliation, flags and cost-effectiveness.

Per grant and currency, what was received must equal what was disbursed
(paid) plus what is committed plus the balance of the grant's account:
:func:`reconcile` gives the difference and :func:`check_ledger` raises
:class:`LedgerError` when any of them is not zero.  :func:`flags` lists
disbursements that are not tied to an approved proposal or a named activity,
paid outside their grant's period or before the proposal was approved, in
another currency than the grant, and budget lines spent beyond their amount.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from zhassyl.errors import ZhassylError
from zhassyl.i18n import N_, _

#: Largest difference accepted in a reconciliation [currency units]: one cent.
TOLERANCE = 0.01


class LedgerError(ZhassylError):
    """The ledger does not reconcile."""


def reconcile(ledger: dict[str, list[dict]]) -> list[dict]:
    """Received = disbursed + committed + balance, per grant and currency."""
    sums: dict[tuple[int, str], dict[str, float]] = defaultdict(
        lambda: {"paid": 0.0, "committed": 0.0})
    grants = {g["id"]: g for g in ledger["grants"]}
    for g in grants.values():
        sums[(g["id"], g["currency"])]  # every grant appears, even without payments
    for d in ledger["disbursements"]:
        sums[(d["grant_id"], d["currency"])][d["status"]] += d["amount"]
    rows = []
    for (gid, cur), s in sorted(sums.items()):
        g = grants[gid]
        own = cur == g["currency"]
        received = g["received_amount"] if own else 0.0
        balance = g["balance_amount"] if own else 0.0
        diff = received - s["paid"] - s["committed"] - balance
        rows.append({"grant_id": gid, "donor": g["donor"], "currency": cur,
                     "received": round(received, 2), "disbursed": round(s["paid"], 2),
                     "committed": round(s["committed"], 2), "balance": round(balance, 2),
                     "difference": round(diff, 2), "reconciles": abs(diff) <= TOLERANCE})
    return rows


def flags(ledger: dict[str, list[dict]]) -> list[dict]:
    """Disbursements and budget lines the auditor should look at."""
    grants = {g["id"]: g for g in ledger["grants"]}
    proposals = {p["id"]: p for p in ledger["proposals"]}
    lines = {b["id"]: b for b in ledger["budget_lines"]}
    out = []

    def flag(kind, detail, disbursement=None, grant=None):
        out.append({"flag": kind, "disbursement_id": disbursement, "grant_id": grant,
                    "detail": detail})

    for d in ledger["disbursements"]:
        g = grants[d["grant_id"]]
        prop = proposals.get(d["proposal_id"]) if d["proposal_id"] else None
        if d["proposal_id"] and (prop is None or prop["status"] != "approved"):
            flag("proposal-not-approved", _("proposal {id} is {status}").format(
                id=d["proposal_id"], status=prop["status"] if prop else "?"), d["id"], g["id"])
        elif not d["proposal_id"] and not (d["activity"] or "").strip():
            flag("no-proposal-or-activity", _("tied to no approved proposal and no activity"),
                 d["id"], g["id"])
        if prop and prop["status"] == "approved" and prop["decided_on"] and \
                d["paid_on"] < prop["decided_on"]:
            flag("before-approval", _("paid {paid} before the decision of {decided}").format(
                paid=d["paid_on"], decided=prop["decided_on"]), d["id"], g["id"])
        if not g["starts_on"] <= d["paid_on"] <= g["ends_on"]:
            flag("outside-grant-period", _("paid {paid} outside {start}..{end}").format(
                paid=d["paid_on"], start=g["starts_on"], end=g["ends_on"]), d["id"], g["id"])
        if d["currency"] != g["currency"]:
            flag("currency-differs", _("{cur} from a {grant_cur} grant").format(
                cur=d["currency"], grant_cur=g["currency"]), d["id"], g["id"])
        line = lines.get(d["budget_line_id"]) if d["budget_line_id"] else None
        if line is not None and line["grant_id"] != d["grant_id"]:
            flag("budget-line-of-another-grant", _("budget line {id}").format(id=line["id"]),
                 d["id"], g["id"])
    spent: dict[int, float] = defaultdict(float)
    for d in ledger["disbursements"]:
        if d["budget_line_id"]:
            spent[d["budget_line_id"]] += d["amount"]
    for lid, total in sorted(spent.items()):
        if total > lines[lid]["amount"] + TOLERANCE:
            flag("budget-line-overspent", _("{code}: {spent} of {amount}").format(
                code=lines[lid]["code"], spent=round(total, 2), amount=lines[lid]["amount"]),
                grant=lines[lid]["grant_id"])
    planned: dict[int, float] = defaultdict(float)
    for b in lines.values():
        planned[b["grant_id"]] += b["amount"]
    for gid, total in sorted(planned.items()):
        if total > grants[gid]["amount"] + TOLERANCE:
            flag("budget-exceeds-grant", _("budget lines {total} > grant {amount}").format(
                total=round(total, 2), amount=grants[gid]["amount"]), grant=gid)
    return out


def check_ledger(ledger: dict[str, list[dict]]) -> list[dict]:
    """The reconciliation; raise :class:`LedgerError` when a grant does not reconcile."""
    rows = reconcile(ledger)
    bad = [r for r in rows if not r["reconciles"]]
    if bad:
        raise LedgerError("\n".join(_(
            "grant {id} ({donor}), {currency}: received {received} != disbursed {disbursed} + "
            "committed {committed} + balance {balance} (difference {difference})").format(
            id=r["grant_id"], donor=r["donor"], currency=r["currency"], received=r["received"],
            disbursed=r["disbursed"], committed=r["committed"], balance=r["balance"],
            difference=r["difference"]) for r in bad))
    return rows


#: The note on the exchange rates of :func:`spent_kzt_usd` (translated where it is shown).
RATES_NOTE = N_("rates: {rates} (the earliest dated rate stands in for earlier payments)")
#: How each rate's status reads (``economics.data.STATUSES``).
RATE_STATUS = {"sourced": N_("sourced"), "derived": N_("derived"),
               "approximation": N_("approximation"), "assumption": N_("assumption")}


def spent_kzt_usd(ledger: dict[str, list[dict]]) -> tuple[float, float, list[dict]]:
    """Money paid out of the grants, in KZT and US$ (dated NBK rates), and the rates used.

    The rates are rows ``currency``, ``kzt`` (KZT per unit), ``day`` (ISO date
    of the rate) and ``status`` (:data:`RATE_STATUS`), one per rate applied to a
    payment in another currency than KZT; :func:`rates_note` words them.
    """
    from zhassyl.economics.prices import exchange_rate

    kzt = 0.0
    used = set()
    for d in ledger["disbursements"]:
        if d["status"] != "paid":
            continue
        day, rate = exchange_rate(d["currency"], d["paid_on"])
        kzt += d["amount"] * rate.value
        if d["currency"] != "KZT":
            used.add((d["currency"], str(day), rate.value, rate.status))
    day, usd = exchange_rate("USD", None)
    paid_usd = 0.0
    for d in ledger["disbursements"]:
        if d["status"] != "paid":
            continue
        if d["currency"] == "USD":
            paid_usd += d["amount"]
        else:
            _d, rate = exchange_rate(d["currency"], d["paid_on"])
            _d2, usd_rate = exchange_rate("USD", d["paid_on"])
            paid_usd += d["amount"] * rate.value / usd_rate.value
    rates = [{"currency": c, "kzt": v, "day": day_, "status": status}
             for c, day_, v, status in sorted(used)]
    return kzt, paid_usd, rates


def rates_note(rates: list[dict], lang: str | None = None,
               number: Callable[[float], str] | None = None) -> str:
    """The exchange rates of :func:`spent_kzt_usd` in words, in ``lang``.

    ``number`` formats a rate (default ``{:g}``; the web app passes its locale's format).
    """
    number = number or (lambda v: f"{v:g}")
    words = "; ".join(f"{r['currency']} {number(r['kzt'])} KZT ({r['day']}, "
                      f"{_(RATE_STATUS.get(r['status'], r['status']), lang)})" for r in rates)
    return _(RATES_NOTE, lang).format(rates=words or "-")


#: KPIs that cost-effectiveness divides by.
COST_KPIS = ("area_restored_ha", "jobs_total", "people_trained", "co2e_avoided_t",
             "water_saved_m3")


def cost_effectiveness(ledger: dict[str, list[dict]], kpis: dict,
                       lang: str | None = None) -> list[dict]:
    """KZT and US$ paid per hectare restored, job, person trained, t CO2e and m3 saved.

    Each row carries the exchange rates used (``rates``, see :func:`spent_kzt_usd`)
    and their ``note`` in ``lang`` (default: the interface language).
    """
    kzt, usd, rates = spent_kzt_usd(ledger)
    note = rates_note(rates, lang)
    rows = []
    for kid in COST_KPIS:
        k = kpis.get(kid)
        value = k.value if k is not None else None
        ok = value is not None and value > 0
        rows.append({"per": kid, "kpi_value": value, "unit": k.unit if k else "",
                     "provenance": k.provenance.kind if k else "",
                     "kzt_per_unit": round(kzt / value, 2) if ok else None,
                     "usd_per_unit": round(usd / value, 4) if ok else None,
                     "paid_kzt": round(kzt, 0), "paid_usd": round(usd, 2), "rates": rates,
                     "note": note})
    return rows
