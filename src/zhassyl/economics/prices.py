"""Prices, water tariffs, exchange rates and the stochastic price model.

Prices are rows of ``data/economics/prices.csv`` by item, region (``*`` is the
national default) and year, in KZT per unit.  A lookup for a year takes the
most recent row at or before that year (the earliest row if none is earlier),
so that a price found for 2023 serves 2024 until a newer one is added.

Stochastic price model (risk)
-----------------------------
Each item's price in scenario year ``t`` of a Monte Carlo run is the base price
times an independent mean-one lognormal factor

.. math:: P_t = P_0 \\exp(\\sigma Z_t - \\sigma^2 / 2), \\quad Z_t \\sim N(0, 1)

so that :math:`E[P_t] = P_0` and the log-price standard deviation is
:math:`\\sigma` (``price_volatility.csv``; most values are rough or assumed and
flagged so).  Years and items are independent: no trend and no correlation
between, e.g., hay price and drought, which a later version could add.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from zhassyl.economics.data import Sourced, number, read_table
from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.i18n import _


@dataclass(frozen=True)
class PriceBook:
    """All prices of a scenario, with optional overrides and price-path factors.

    Parameters
    ----------
    overrides : dict
        ``item -> KZT per unit`` replacing the data file (user input, e.g. a
        farmer's own hay price); negative values are rejected.
    factors : dict
        ``(item, scenario_year) -> multiplicative factor`` of a price path.
    """

    overrides: dict[str, float] = field(default_factory=dict)
    factors: dict[tuple[str, int], float] = field(default_factory=dict)

    def __post_init__(self):
        for item, value in self.overrides.items():
            if not np.isfinite(value) or value < 0:
                raise InputError(Problem("<input>", None, f"price:{item}", _(
                    "price must be a non-negative number, got {value}").format(value=value)))
            if item not in price_table() and item not in ("water_flood", "water_furrow",
                                                            "water_sprinkler", "water_drip"):
                raise InputError(Problem("<input>", None, "price", _(
                    "unknown price item {item!r}").format(item=item)))

    def price(self, item: str, region: str, year: int, scenario_year: int = 1) -> Sourced:
        """Price of ``item`` in KZT per unit for ``region`` and calendar ``year``.

        Raises
        ------
        ParameterError
            If no price for ``item`` exists in the data.
        """
        factor = self.factors.get((item, scenario_year), 1.0)
        base = lookup_price(item, region, year)
        if item in self.overrides:
            base = Sourced(self.overrides[item], base.unit, "user", _("user input"))
        return Sourced(base.value * factor, base.unit, base.status, base.source)

    def water_tariff(self, method: str, year: int, scenario_year: int = 1) -> Sourced:
        """Irrigation water tariff in KZT/m3 for an irrigation ``method``."""
        key = f"water_{method}"
        base = water_tariff(method, year)
        if key in self.overrides:
            base = Sourced(self.overrides[key], "m3", "user", _("user input"))
        factor = self.factors.get((key, scenario_year), 1.0)
        return Sourced(base.value * factor, base.unit, base.status, base.source)

    def with_factors(self, factors: dict[tuple[str, int], float]) -> PriceBook:
        """A copy of this book following the price path ``factors``."""
        return PriceBook(dict(self.overrides), dict(factors))


@cache
def price_table() -> dict[str, list[tuple[str, int, Sourced]]]:
    """``item -> [(region, year, Sourced)]`` from ``prices.csv``."""
    table: dict[str, list[tuple[str, int, Sourced]]] = {}
    for row in read_table("prices.csv", ("item", "region", "year", "value", "unit",
                                         "currency", "status")):
        if row["currency"] != "KZT":
            raise ParameterError(str(Problem("prices.csv", None, "currency",
                                             _("prices must be in KZT"))))
        value = number(row, "value", "prices.csv")
        table.setdefault(row["item"], []).append(
            (row["region"], int(row["year"]),
             Sourced(value, row["unit"], row["status"], row["source"])))
    return table


def _pick(rows, year):
    rows = sorted(rows, key=lambda r: r[0])
    earlier = [r for r in rows if r[0] <= year]
    return (earlier[-1] if earlier else rows[0])[1]


def lookup_price(item: str, region: str, year: int) -> Sourced:
    """The data-file price of ``item`` (regional row first, then national ``*``)."""
    rows = price_table().get(item)
    if not rows:
        raise ParameterError(_("no price for item {item!r} in prices.csv").format(item=item))
    regional = [(y, s) for r, y, s in rows if r == region]
    national = [(y, s) for r, y, s in rows if r == "*"]
    chosen = regional or national
    if not chosen:
        raise ParameterError(_("no price for item {item!r} in region {region!r}").format(
            item=item, region=region))
    return _pick(chosen, year)


@cache
def _tariffs() -> dict[str, list[tuple[int, Sourced]]]:
    out: dict[str, list[tuple[int, Sourced]]] = {}
    for row in read_table("water_tariffs.csv", ("method", "year", "value", "unit", "status")):
        out.setdefault(row["method"], []).append(
            (int(row["year"]), Sourced(number(row, "value", "water_tariffs.csv"), row["unit"],
                                       row["status"], row["source"])))
    return out


def water_tariff(method: str, year: int) -> Sourced:
    """Irrigation water tariff (KZT/m3) for ``method`` (flood, furrow, sprinkler, drip)."""
    rows = _tariffs().get(method)
    if not rows:
        raise ParameterError(_("unknown irrigation method {method!r}; known: {known}").format(
            method=method, known=", ".join(sorted(_tariffs()))))
    return _pick(rows, year)


@cache
def _rates() -> dict[str, list[tuple[_dt.date, Sourced]]]:
    out: dict[str, list[tuple[_dt.date, Sourced]]] = {}
    for row in read_table("currency_rates.csv", ("currency", "date", "kzt_per_unit", "status")):
        date = _dt.date.fromisoformat(row["date"])
        out.setdefault(row["currency"], []).append(
            (date, Sourced(number(row, "kzt_per_unit", "currency_rates.csv"), "KZT",
                           row["status"], row["source"])))
    return out


def currencies() -> tuple[str, ...]:
    """Currency codes with a dated rate in ``currency_rates.csv``."""
    return tuple(sorted(_rates()))


def exchange_rate(currency: str, date: _dt.date | None = None) -> tuple[_dt.date, Sourced]:
    """KZT per unit of ``currency`` on the latest dated rate at or before ``date``.

    Parameters
    ----------
    currency : str
        ISO code (``USD``, ``EUR``, ``KZT``).
    date : datetime.date, optional
        Default: the latest rate in the file.  A date before every rate uses the
        earliest one.

    Returns
    -------
    (date, Sourced)
        The date of the rate used and the rate.

    Raises
    ------
    InputError
        For a currency without a rate.
    """
    rows = _rates().get(currency.upper())
    if not rows:
        raise InputError(Problem("<input>", None, "currency", _(
            "unknown currency {currency!r}; known: {known}").format(
                currency=currency, known=", ".join(currencies()))))
    rows = sorted(rows, key=lambda r: r[0])
    if date is None:
        return rows[-1]
    earlier = [r for r in rows if r[0] <= date]
    return earlier[-1] if earlier else rows[0]


def kzt_to(amount_kzt: float, currency: str, date: _dt.date | None = None) -> float:
    """Convert ``amount_kzt`` to ``currency`` by the dated rate (:func:`exchange_rate`)."""
    return amount_kzt / exchange_rate(currency, date)[1].value


@cache
def volatilities() -> dict[str, Sourced]:
    """Log-price standard deviation per item (``price_volatility.csv``)."""
    return {row["item"]: Sourced(number(row, "sigma_log", "price_volatility.csv"), "",
                                 row["status"], row["source"])
            for row in read_table("price_volatility.csv", ("item", "sigma_log", "status"))}


def price_path(rng: np.random.Generator, years: int,
               items: tuple[str, ...] | None = None) -> dict[tuple[str, int], float]:
    """Mean-one lognormal price factors ``(item, scenario_year) -> factor``.

    Items without a volatility keep factor 1 (they are not listed).
    ``factor = exp(sigma * Z - sigma**2 / 2)`` with independent standard normal
    ``Z`` per item and year (see the module notes).
    """
    vols = volatilities()
    names = sorted(vols) if items is None else [i for i in items if i in vols]
    z = rng.standard_normal((len(names), years))
    out = {}
    for i, name in enumerate(names):
        s = vols[name].value
        for t in range(years):
            out[(name, t + 1)] = float(np.exp(s * z[i, t] - 0.5 * s * s))
    return out
