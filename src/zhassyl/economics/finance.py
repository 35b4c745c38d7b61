"""Cash flow, NPV, IRR, payback and loan schedules.

Conventions: cash flows are yearly, ``flows[0]`` is at time 0 (today, e.g. an
investment) and ``flows[t]`` at the end of scenario year ``t``.

* NPV: :math:`\\sum_t CF_t / (1 + r)^t` (Brealey, Myers & Allen, *Principles of
  Corporate Finance*, ch. 2); same convention as ``numpy_financial.npv``.
* IRR: the rate with NPV = 0, found by bisection on a bracket where NPV changes
  sign (NaN when the flows never change sign, when no root lies in
  (-99 %, 1000 %), or when several sign changes make it ambiguous and no root
  is bracketed).
* Payback year: the first year in which the cumulative cash flow is >= 0 and
  stays so; ``None`` if never within the horizon.
* Loan: interest-only during the grace years, then equal annual payments
  (annuity :math:`A = P r / (1 - (1 + r)^{-n})`) over the remaining term.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _


def _check_rate(rate: float, name: str = "rate") -> None:
    if not math.isfinite(rate) or rate <= -1:
        raise InputError(Problem("<input>", None, name, _(
            "rate must be a number greater than -1, got {value}").format(value=rate)))


def npv(rate: float, flows: Sequence[float]) -> float:
    """Net present value of ``flows`` (``flows[0]`` at t = 0) at ``rate`` per year."""
    _check_rate(rate)
    return float(sum(cf / (1.0 + rate) ** t for t, cf in enumerate(flows)))


def irr(flows: Sequence[float], lo: float = -0.99, hi: float = 10.0, tol: float = 1e-10) -> float:
    """Internal rate of return of ``flows`` (NaN if none is found); see module notes."""
    flows = [float(f) for f in flows]
    if not any(f > 0 for f in flows) or not any(f < 0 for f in flows):
        return math.nan
    grid = [lo + (hi - lo) * (i / 400.0) ** 3 for i in range(401)]
    values = [npv(r, flows) for r in grid]
    for a, b, fa, fb in zip(grid, grid[1:], values, values[1:], strict=False):
        if fa == 0:
            return a
        if fa * fb < 0:
            for _i in range(200):
                m = 0.5 * (a + b)
                fm = npv(m, flows)
                if fa * fm <= 0:
                    b = m
                else:
                    a, fa = m, fm
                if b - a < tol:
                    break
            return 0.5 * (a + b)
    return math.nan


def payback_year(flows: Sequence[float]) -> int | None:
    """First year whose cumulative cash flow is >= 0 and stays so (``None`` if never)."""
    cum = 0.0
    cumulative = []
    for f in flows:
        cum += f
        cumulative.append(cum)
    for t in range(len(cumulative)):
        if all(c >= 0 for c in cumulative[t:]):
            return t
    return None


@dataclass(frozen=True)
class LoanYear:
    """One year of a loan schedule [KZT]."""

    year: int
    opening: float
    interest: float
    principal: float
    payment: float
    closing: float


def loan_schedule(principal: float, rate: float, term_years: int,
                  grace_years: int = 0) -> list[LoanYear]:
    """Yearly schedule: interest only in the grace years, then an annuity.

    Parameters
    ----------
    principal : float
        Amount borrowed at t = 0 [KZT], >= 0.
    rate : float
        Annual interest rate (0.145 = 14.5 %).
    term_years : int
        Total term including grace, >= 1.
    grace_years : int
        Years of interest-only payments, 0 <= grace < term.
    """
    if not math.isfinite(principal) or principal < 0:
        raise InputError(Problem("<input>", None, "principal", _(
            "loan amount must be a non-negative number, got {value}").format(value=principal)))
    _check_rate(rate)
    if term_years < 1:
        raise InputError(Problem("<input>", None, "term_years", _(
            "loan term must be at least 1 year, got {value}").format(value=term_years)))
    if not 0 <= grace_years < term_years:
        raise InputError(Problem("<input>", None, "grace_years", _(
            "grace must be between 0 and the term minus 1, got {value}").format(
                value=grace_years)))
    n = term_years - grace_years
    annuity = principal / n if rate == 0 else principal * rate / (1 - (1 + rate) ** -n)
    rows, balance = [], principal
    for year in range(1, term_years + 1):
        interest = balance * rate
        if year <= grace_years:
            payment = interest
        else:
            payment = annuity
        principal_paid = payment - interest
        closing = balance - principal_paid
        if year == term_years:
            principal_paid += closing  # rounding residue
            payment += closing
            closing = 0.0
        rows.append(LoanYear(year, balance, interest, principal_paid, payment, closing))
        balance = closing
    return rows


def cash_flow(net_income: Sequence[float], investment: float = 0.0,
              loan: Sequence[LoanYear] | None = None, loan_amount: float = 0.0) -> list[float]:
    """Yearly cash flow ``[t0, t1, ..., tN]`` of a farm.

    ``t0 = -investment + loan_amount``; year ``t`` = net income - loan payment.
    A loan running past the horizon is settled in the last year (its closing
    balance is paid then), so that the horizon holds the whole debt.
    """
    flows = [-float(investment) + float(loan_amount)]
    rows = {row.year: row for row in (loan or [])}
    horizon = len(net_income)
    for t, ni in enumerate(net_income, start=1):
        row = rows.get(t)
        pay = row.payment if row else 0.0
        if row and t == horizon:
            pay += row.closing
        flows.append(float(ni) - pay)
    return flows
