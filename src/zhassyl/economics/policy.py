"""Policy rules as data: subsidy programmes, loan products and cooperatives.

The rules are rows of ``subsidy_programmes.csv`` and ``loan_products.csv``.
:func:`eligibility` answers, for a farm or a cooperative, which programme and
which loan it is eligible for and, when it is not, why not.

Sources: the UNDP Equator Initiative case study of Zhassyl Azyk (50 % subsidy of
seed and fuel/lubricant expenses before, 100 % under the 2017-2021 agro-industrial
programme; loans needing 200 ha of irrigated ("watering") area, which excludes
5-10 ha farms; cooperatives under the Agricultural Cooperatives Act of 2015 close
that gap); KazAgroFinance and Agrarian Credit Corporation product pages for rates
and terms (see the ``source`` column of each row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from zhassyl.economics.data import number, parameter_list, read_table
from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _


@dataclass(frozen=True)
class SubsidyProgramme:
    """A subsidy of a share of seed and/or fuel expenses, in force for some years."""

    programme: str
    name: str
    first_year: int
    last_year: int
    items: tuple[str, ...]
    share: float
    requires_cooperative: bool
    requires_perennial: bool
    source: str


@dataclass(frozen=True)
class LoanProduct:
    """A loan or leasing product with its eligibility rule and terms.

    ``min_irrigated_ha`` is ``None`` when the data hold no area rule.
    """

    product: str
    lender: str
    min_irrigated_ha: float | None
    min_irrigated_ha_cooperative: float | None
    rate: float
    term_years: int
    grace_years: int
    down_payment_share: float
    source: str


@dataclass(frozen=True)
class Farm:
    """A farm (peasant economy) with its irrigated area."""

    name: str
    irrigated_area_ha: float
    cooperative_member: bool = False

    def __post_init__(self):
        _check_area(self.irrigated_area_ha, "irrigated_area_ha")


@dataclass(frozen=True)
class Cooperative:
    """An agricultural cooperative pooling its members' land."""

    name: str
    members: tuple[Farm, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if not self.members:
            raise InputError(Problem("<input>", None, "members",
                                     _("a cooperative needs at least one member")))

    @property
    def irrigated_area_ha(self) -> float:
        """Pooled irrigated area of the members [ha]."""
        return sum(m.irrigated_area_ha for m in self.members)


def _check_area(value: float, name: str) -> None:
    if not value == value or value < 0:  # NaN or negative
        raise InputError(Problem("<input>", None, name, _(
            "area must be a non-negative number of hectares, got {value}").format(value=value)))


def _bool(text: str) -> bool:
    return text.strip().lower() in ("true", "yes", "1")


def _opt(row, col, file):
    return None if not (row.get(col) or "").strip() else number(row, col, file)


@cache
def programmes() -> dict[str, SubsidyProgramme]:
    """The subsidy programmes of ``subsidy_programmes.csv`` by id."""
    f = "subsidy_programmes.csv"
    out = {}
    for row in read_table(f, ("programme", "name", "first_year", "last_year", "items", "share",
                              "requires_cooperative", "requires_perennial", "status")):
        out[row["programme"]] = SubsidyProgramme(
            row["programme"], row["name"], int(row["first_year"]), int(row["last_year"]),
            tuple(i.strip() for i in row["items"].split(";")), number(row, "share", f),
            _bool(row["requires_cooperative"]), _bool(row["requires_perennial"]), row["source"])
    return out


@cache
def loan_products() -> dict[str, LoanProduct]:
    """The loan products of ``loan_products.csv`` by id."""
    f = "loan_products.csv"
    out = {}
    for row in read_table(f, ("product", "lender", "min_irrigated_ha",
                              "min_irrigated_ha_cooperative", "rate", "term_years",
                              "grace_years", "down_payment_share", "status")):
        out[row["product"]] = LoanProduct(
            row["product"], row["lender"], _opt(row, "min_irrigated_ha", f),
            _opt(row, "min_irrigated_ha_cooperative", f), number(row, "rate", f),
            int(row["term_years"]), int(row["grace_years"]),
            number(row, "down_payment_share", f), row["source"])
    return out


def get_programme(programme_id: str) -> SubsidyProgramme:
    """The programme ``programme_id``; :class:`InputError` naming the field if unknown."""
    try:
        return programmes()[programme_id]
    except KeyError:
        raise InputError(Problem("<input>", None, "programme", _(
            "unknown programme {value!r}; known: {known}").format(
                value=programme_id, known=", ".join(programmes())))) from None


def get_loan_product(product_id: str) -> LoanProduct:
    """The loan product ``product_id``; :class:`InputError` naming the field if unknown."""
    try:
        return loan_products()[product_id]
    except KeyError:
        raise InputError(Problem("<input>", None, "loan", _(
            "unknown loan product {value!r}; known: {known}").format(
                value=product_id, known=", ".join(loan_products())))) from None


def is_cooperative(entity: Farm | Cooperative) -> bool:
    """True for a cooperative or a member of one."""
    return isinstance(entity, Cooperative) or entity.cooperative_member


def programme_reasons(prog: SubsidyProgramme, entity: Farm | Cooperative, year: int,
                      crops: tuple[str, ...]) -> list[str]:
    """Why ``entity`` growing ``crops`` is NOT eligible for ``prog`` in ``year`` (empty: it is)."""
    reasons = []
    if not prog.first_year <= year <= prog.last_year:
        reasons.append(_("programme in force {first}-{last}, not in {year}").format(
            first=prog.first_year, last=prog.last_year, year=year))
    if prog.requires_cooperative and not is_cooperative(entity):
        reasons.append(_("requires membership of an agricultural cooperative"))
    if prog.requires_perennial and not set(crops) & set(parameter_list("perennial_crops")):
        reasons.append(_("requires a perennial grass (priority crop) such as alfalfa"))
    return reasons


def loan_reasons(product: LoanProduct, entity: Farm | Cooperative) -> list[str]:
    """Why ``entity`` is NOT eligible for the loan ``product`` (empty if it is)."""
    coop = isinstance(entity, Cooperative)
    minimum = product.min_irrigated_ha_cooperative if coop else product.min_irrigated_ha
    area = entity.irrigated_area_ha
    if minimum is not None and area < minimum:
        if coop:
            return [_("pooled irrigated area {area:g} ha is below the minimum {minimum:g} ha "
                      "for cooperatives").format(area=area, minimum=minimum)]
        return [_("irrigated area {area:g} ha is below the minimum {minimum:g} ha; "
                  "join a cooperative").format(area=area, minimum=minimum)]
    return []


def subsidy_share(item: str, entity: Farm | Cooperative, year: int, crops: tuple[str, ...],
                  only: str | None = None) -> tuple[float, str | None]:
    """Best share of the ``item`` (``seed`` or ``fuel``) cost paid by a programme.

    Parameters
    ----------
    item : str
        ``"seed"`` or ``"fuel"`` (fuel includes lubricants).
    entity : Farm or Cooperative
    year : int
        Calendar year.
    crops : tuple of str
        Crops grown (for perennial-priority rules).
    only : str, optional
        Restrict to one programme id.

    Returns
    -------
    (share, programme id or None)
    """
    candidates = [get_programme(only)] if only else list(programmes().values())
    best: tuple[float, str | None] = (0.0, None)
    for prog in candidates:
        if item in prog.items and not programme_reasons(prog, entity, year, crops):
            if prog.share > best[0]:
                best = (prog.share, prog.programme)
    return best


def eligibility(entity: Farm | Cooperative, year: int, crops: tuple[str, ...] = ("alfalfa",),
                ) -> list[dict[str, object]]:
    """Is this farm or cooperative eligible, for what, and why not.

    Returns
    -------
    list of dict
        One record per programme and loan product: ``kind`` (subsidy/loan),
        ``id``, ``eligible``, ``detail`` (share or rate/term) and ``reasons``
        (why not; empty when eligible).
    """
    out: list[dict[str, object]] = []
    for prog in programmes().values():
        reasons = programme_reasons(prog, entity, year, crops)
        out.append({"kind": "subsidy", "id": prog.programme, "eligible": not reasons,
                    "detail": _("{share:.0%} of {items}").format(
                        share=prog.share, items="+".join(prog.items)),
                    "reasons": "; ".join(reasons)})
    for product in loan_products().values():
        reasons = loan_reasons(product, entity)
        out.append({"kind": "loan", "id": product.product, "eligible": not reasons,
                    "detail": _("{rate:.1%}, {term} years, grace {grace}").format(
                        rate=product.rate, term=product.term_years, grace=product.grace_years),
                    "reasons": "; ".join(reasons)})
    return out
