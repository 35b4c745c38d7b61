"""The livestock path: hay fed to wintered cows or sheep instead of being sold.

Feed balance in Russian/Kazakh feed units (1 FU = the net energy of 1 kg of
oats; the system used by the sources in ``livestock.csv``):

.. math::

    FU_{hay} = 1000\\, H\\, e_{hay}, \\qquad
    N = \\frac{FU_{hay}}{R\\, s_{hay}}

with hay ``H`` [t/ha], its feed value ``e_hay`` [FU/kg] (0.49 for lucerne hay),
the annual requirement ``R`` [FU/head] (3,125 for a 2,500 kg/yr cow) and the
share ``s_hay`` of that requirement met by hay (the winter ration; the rest is
pasture and other feed, whose cost is in the per-head other costs).

Products per head: milk (sold raw, or processed into yoghurt, cottage cheese
and sour cream — the products the case study's farmers sell) and meat (one
calf or lamb of live weight per head and year).  Most livestock parameters are
ASSUMPTIONS (flagged in ``livestock.csv``); the feed value of lucerne hay and
the cow's requirement are sourced.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from zhassyl.economics.budget import Budget, BudgetLine
from zhassyl.economics.data import Sourced, number, read_table
from zhassyl.economics.prices import PriceBook
from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _

SPECIES = ("cows", "sheep")


@cache
def livestock_parameters() -> dict[str, Sourced]:
    """Parameters of ``livestock.csv`` by name."""
    return {row["parameter"]: Sourced(number(row, "value", "livestock.csv"), row["unit"],
                                      row["status"], row["source"])
            for row in read_table("livestock.csv", ("parameter", "value", "unit", "status"))}


def heads_fed(hay_t_ha: float, species: str) -> float:
    """Animals per hectare wintered on ``hay_t_ha`` of alfalfa hay (module equation)."""
    if species not in SPECIES:
        raise InputError(Problem("<input>", None, "livestock", _(
            "unknown livestock {value!r}; expected one of {known}").format(
                value=species, known=", ".join(SPECIES))))
    p = livestock_parameters()
    prefix = "cow" if species == "cows" else "sheep"
    fu = 1000.0 * hay_t_ha * p["hay_alfalfa_feed_units_per_kg"].value
    need = p[f"{prefix}_feed_units_per_year"].value * p[f"{prefix}_hay_share_of_ration"].value
    return fu / need


def livestock_lines(hay_t_ha: float, species: str, prices: PriceBook, region: str,
                    calendar_year: int, scenario_year: int = 1) -> list[BudgetLine]:
    """Revenue and cost lines per hectare of feeding ``hay_t_ha`` to ``species``."""
    p = livestock_parameters()
    heads = heads_fed(hay_t_ha, species)
    lines: list[BudgetLine] = []

    def add(kind, category, item, qty, unit, price, src):
        lines.append(BudgetLine(kind, category, item, qty, unit, price, qty * price, src))

    def price(item):
        return prices.price(item, region, calendar_year, scenario_year)

    if species == "cows":
        milk = heads * p["cow_milk_kg_per_year"].value
        raw = price("milk_raw")
        add("revenue", "livestock", "milk_raw", milk * p["milk_sold_raw_share"].value, "l",
            raw.value, f"{raw.source} | {p['cow_milk_kg_per_year'].source} (1 kg ~ 1 l)")
        for product in ("yoghurt", "cottage_cheese", "sour_cream"):
            share = p[f"milk_to_{product}_share"].value
            kg = milk * share * p[f"{product}_kg_per_kg_milk"].value
            pr = price(product)
            add("revenue", "livestock", product, kg, "kg", pr.value, pr.source)
        meat = price("beef_live")
        add("revenue", "livestock", "beef_live", heads * p["cow_calf_live_kg_per_year"].value,
            "kg live weight", meat.value, meat.source)
        prefix = "cow"
    else:
        meat = price("mutton_live")
        add("revenue", "livestock", "mutton_live", heads * p["sheep_lamb_live_kg_per_year"].value,
            "kg live weight", meat.value, meat.source)
        prefix = "sheep"
    other = p[f"{prefix}_other_costs_kzt_per_year"]
    add("cost", "livestock", f"{species}:other_costs", heads, "head", other.value, other.source)
    wage = price("labour")
    hours = p[f"{prefix}_labour_h_per_year"]
    add("cost", "labour", f"{species}:labour", heads * hours.value, "h", wage.value,
        f"{hours.source} | {wage.source}")
    return lines


def with_livestock(budget: Budget, hay_t_ha: float, species: str, prices: PriceBook) -> Budget:
    """``budget`` with the hay fed to ``species`` instead of sold.

    The hay revenue line is removed and the livestock lines are added.
    """
    kept = tuple(li for li in budget.lines if li.category != "hay")
    extra = livestock_lines(hay_t_ha, species, prices, budget.region, budget.calendar_year,
                            budget.year)
    return replace(budget, lines=kept + tuple(extra))
