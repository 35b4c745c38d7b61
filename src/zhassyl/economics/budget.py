"""Enterprise budgets: simulated quantities x prices, one line per item.

For one :class:`~zhassyl.farming.results.SystemYear` (per hectare) the budget is

* costs: seed (kg/ha x price per crop), mineral N (kg N/ha x price), fuel
  (sum over the year's field operations of l/ha x diesel price), lubricants
  (a share of the fuel cost), irrigation water (m3/ha x tariff of the
  irrigation method), labour (h/ha of the operations x wage) and machinery
  services (KZT/ha per operation);
* revenue: hay, cover-crop / cereal / rice grain and straw (t/ha x price);
* subsidies: the programme share of the seed and fuel-and-lubricant costs
  (:func:`zhassyl.economics.policy.subsidy_share`).

Operations listed in the ``operations`` tuple of the record are charged once
per listing; operations whose ``per`` column is ``cut`` (mow, rake, bale) are
charged ``n_cuts`` times when listed once.  Net income = revenue + subsidies -
costs.  Every line keeps the quantity, the unit price and its source, so a
budget can be checked by hand (this is a standard partial enterprise budget,
e.g. Kay, Edwards & Duffy, *Farm Management*, ch. 9).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from zhassyl.economics.data import Sourced, number, read_table
from zhassyl.economics.policy import Cooperative, Farm, subsidy_share
from zhassyl.economics.prices import PriceBook
from zhassyl.errors import ParameterError
from zhassyl.farming.results import SystemYear
from zhassyl.i18n import _

KINDS = ("cost", "revenue", "subsidy")


@dataclass(frozen=True)
class Operation:
    """A field operation: fuel, labour and machinery-service need per hectare."""

    operation: str
    per: str            # "pass" or "cut"
    fuel_l_ha: float
    labour_h_ha: float
    service_kzt_ha: float
    tillage: str        # "conventional", "minimal" or "none"
    source: str


@cache
def operations() -> dict[str, Operation]:
    """Field operations of ``operations.csv`` by id."""
    f = "operations.csv"
    out = {}
    for row in read_table(f, ("operation", "per", "fuel_l_ha", "labour_h_ha", "service_kzt_ha",
                              "tillage", "fuel_source", "other_source")):
        if row["per"] not in ("pass", "cut"):
            raise ParameterError(_("{file}: operation {op!r}: 'per' must be pass or cut").format(
                file=f, op=row["operation"]))
        out[row["operation"]] = Operation(
            row["operation"], row["per"], number(row, "fuel_l_ha", f),
            number(row, "labour_h_ha", f), number(row, "service_kzt_ha", f), row["tillage"],
            f"{row['fuel_source']} | {row['other_source']}")
    return out


def operation_counts(record: SystemYear) -> Counter:
    """How many times each operation is charged in ``record`` (see module notes)."""
    known = operations()
    counts: Counter = Counter()
    for op in record.operations:
        if op not in known:
            raise ParameterError(_("unknown field operation {op!r} in system {system!r}; "
                                   "known: {known}").format(op=op, system=record.system,
                                                            known=", ".join(known)))
        counts[op] += 1
    for op, n in list(counts.items()):
        if known[op].per == "cut":
            counts[op] = n * max(record.n_cuts, 1) if n == 1 else n
    return counts


@dataclass(frozen=True)
class BudgetLine:
    """One line: ``quantity`` [unit] x ``price_kzt`` [KZT/unit] = ``amount_kzt``."""

    kind: str
    category: str
    item: str
    quantity: float
    unit: str
    price_kzt: float
    amount_kzt: float
    source: str


@dataclass(frozen=True)
class Budget:
    """An enterprise budget per hectare for one system and year."""

    system: str
    region: str
    year: int
    calendar_year: int
    lines: tuple[BudgetLine, ...] = field(default_factory=tuple)

    def total(self, kind: str) -> float:
        """Sum of the amounts of one ``kind`` (cost, revenue, subsidy) [KZT/ha]."""
        return sum(line.amount_kzt for line in self.lines if line.kind == kind)

    def category(self, category: str) -> float:
        """Sum of the amounts of one category (e.g. ``fuel``) [KZT/ha]."""
        return sum(line.amount_kzt for line in self.lines if line.category == category)

    @property
    def revenue_kzt(self) -> float:
        """Revenue [KZT/ha]."""
        return self.total("revenue")

    @property
    def cost_kzt(self) -> float:
        """Costs [KZT/ha]."""
        return self.total("cost")

    @property
    def subsidy_kzt(self) -> float:
        """Subsidies [KZT/ha]."""
        return self.total("subsidy")

    @property
    def net_income_kzt(self) -> float:
        """Revenue + subsidies - costs [KZT/ha]."""
        return self.revenue_kzt + self.subsidy_kzt - self.cost_kzt

    def records(self) -> list[dict[str, object]]:
        """The lines as records for :func:`zhassyl.cli.output.write_records`."""
        return [{"system": self.system, "year": self.year, "kind": li.kind,
                 "category": li.category, "item": li.item, "quantity": li.quantity,
                 "unit": li.unit, "price_kzt": li.price_kzt, "amount_kzt_ha": li.amount_kzt,
                 "source": li.source} for li in self.lines]


def _per_unit(price: Sourced, unit: str) -> float:
    """Price per ``unit`` (``kg`` or ``t``) from a price quoted per kg or per t."""
    if price.unit == unit:
        return price.value
    if price.unit == "t" and unit == "kg":
        return price.value / 1000.0
    if price.unit == "kg" and unit == "t":
        return price.value * 1000.0
    raise ParameterError(_("cannot convert a price per {have} to per {want}").format(
        have=price.unit, want=unit))


def crops_of(record: SystemYear) -> tuple[str, ...]:
    """Crops grown in ``record`` (sown seed, grain crop, alfalfa when hay is cut)."""
    crops = set(record.seed_kg_ha)
    if record.grain_crop:
        crops.add(record.grain_crop)
    if record.hay_t_ha > 0 or record.alfalfa_shoot_dm_t_ha > 0:
        crops.add("alfalfa")
    return tuple(sorted(crops))


def enterprise_budget(record: SystemYear, prices: PriceBook, calendar_year: int, *,
                      entity: Farm | Cooperative | None = None, programme: str | None = None,
                      sell_hay: bool = True, sell_straw: bool = True) -> Budget:
    """The per-hectare enterprise budget of one simulated system-year.

    Parameters
    ----------
    record : SystemYear
        Simulated quantities per hectare.
    prices : PriceBook
        Prices (data, overrides and price-path factors).
    calendar_year : int
        Calendar year of ``record.year`` (prices, tariffs, programmes in force).
    entity : Farm or Cooperative, optional
        Who farms; decides subsidy eligibility.  ``None``: no subsidies.
    programme : str, optional
        Restrict subsidies to one programme id.
    sell_hay, sell_straw : bool
        Whether hay and straw are sold (``False`` when fed to livestock).

    Returns
    -------
    Budget
    """
    region, t = record.region, record.year
    lines: list[BudgetLine] = []

    def add(kind, category, item, qty, unit, price, src):
        lines.append(BudgetLine(kind, category, item, float(qty), unit, float(price),
                                float(qty) * float(price), src))

    # seed
    for crop, kg in sorted(record.seed_kg_ha.items()):
        if kg < 0:
            raise ParameterError(_("negative seed amount for {crop!r} in {system!r}").format(
                crop=crop, system=record.system))
        p = prices.price(f"seed_{crop}", region, calendar_year, t)
        add("cost", "seed", f"seed_{crop}", kg, "kg", _per_unit(p, "kg"), p.source)
    # fertiliser
    if record.fertiliser_n_kg_ha > 0:
        p = prices.price("fertiliser_n", region, calendar_year, t)
        add("cost", "fertiliser", "fertiliser_n", record.fertiliser_n_kg_ha, "kg N", p.value,
            p.source)
    # operations: fuel, lubricants, labour, machinery services
    counts = operation_counts(record)
    ops = operations()
    diesel = prices.price("diesel", region, calendar_year, t)
    lub_share = prices.price("lubricants_share", region, calendar_year, t)
    wage = prices.price("labour", region, calendar_year, t)
    for op_id, n in sorted(counts.items()):
        op = ops[op_id]
        add("cost", "fuel", f"diesel:{op_id}", n * op.fuel_l_ha, "l", diesel.value,
            f"{op.source} | {diesel.source}")
        add("cost", "labour", f"labour:{op_id}", n * op.labour_h_ha, "h", wage.value,
            f"{op.source} | {wage.source}")
        add("cost", "machinery", f"service:{op_id}", n, "pass/ha", op.service_kzt_ha, op.source)
    fuel_cost = sum(li.amount_kzt for li in lines if li.category == "fuel")
    if fuel_cost:
        add("cost", "fuel", "lubricants", fuel_cost, "KZT of fuel", lub_share.value,
            lub_share.source)
    # irrigation water
    if record.irrigation_m3_ha > 0:
        if not record.irrigation_method:
            raise ParameterError(_("system {system!r} year {year}: irrigation without a method")
                                 .format(system=record.system, year=t))
        tariff = prices.water_tariff(record.irrigation_method, calendar_year, t)
        add("cost", "water", f"water:{record.irrigation_method}", record.irrigation_m3_ha, "m3",
            tariff.value, tariff.source)
    # revenue
    if sell_hay and record.hay_t_ha > 0:
        p = prices.price("hay_alfalfa", region, calendar_year, t)
        add("revenue", "hay", "hay_alfalfa", record.hay_t_ha, "t", _per_unit(p, "t"), p.source)
    if record.grain_t_ha > 0:
        item = f"grain_{record.grain_crop}"
        p = prices.price(item, region, calendar_year, t)
        add("revenue", "grain", item, record.grain_t_ha, "t", _per_unit(p, "t"), p.source)
    if sell_straw and record.straw_t_ha > 0:
        p = prices.price("straw", region, calendar_year, t)
        add("revenue", "straw", "straw", record.straw_t_ha, "t", _per_unit(p, "t"), p.source)
    # subsidies
    if entity is not None:
        crops = crops_of(record)
        for item, categories in (("seed", ("seed",)), ("fuel", ("fuel",))):
            share, prog = subsidy_share(item, entity, calendar_year, crops, programme)
            base = sum(li.amount_kzt for li in lines if li.category in categories)
            if share > 0 and base > 0:
                add("subsidy", f"subsidy_{item}", f"{prog}:{item}", base, "KZT of cost", share,
                    _("programme {prog}").format(prog=prog))
    return Budget(record.system, region, t, calendar_year, tuple(lines))


def missing_data(system) -> list[str]:
    """Economics data the budget of ``system`` needs and the data files lack.

    Checked from what the system's definition names, before anything is
    simulated: a seed price for each sown crop, a grain price for a companion
    harvested for grain, the hay price for alfalfa, every field operation
    (``operations.csv``) and the water tariff of its irrigation method.

    Parameters
    ----------
    system : zhassyl.farming.systems.System
        A packaged system or one read from a user's ``.toml`` file.

    Returns
    -------
    list of str
        Missing items, e.g. ``prices.csv: seed_sorghum`` (empty: it can be costed).
    """
    from zhassyl.economics.prices import _tariffs, price_table

    prices = price_table()
    items = [f"seed_{system.crop}"] if system.seed_kg_ha > 0 else []
    if system.crop == "alfalfa":
        items.append("hay_alfalfa")
    comp = system.companion
    if comp is not None:
        if comp.seed_kg_ha > 0:
            items.append(f"seed_{comp.crop}")
        if comp.harvest == "grain":
            items.append(f"grain_{comp.crop}")
    missing = [f"prices.csv: {item}" for item in dict.fromkeys(items) if item not in prices]
    known = operations()
    for op in (*system.operations_sowing_year, *system.operations_later_years,
               *system.operations_per_cut, *system.operations_companion_harvest):
        if op not in known:
            missing.append(f"operations.csv: {op}")
    if system.irrigation.method not in _tariffs():
        missing.append(f"water_tariffs.csv: {system.irrigation.method}")
    return list(dict.fromkeys(missing))
