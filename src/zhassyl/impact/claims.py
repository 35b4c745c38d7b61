"""Auditing reported impact claims against the registry, the models and physical bounds.

A claims file is a CSV with the columns of :data:`COLUMNS` (documented in
``docs/impact.md``); each row reports a figure of one indicator
(``data/impact/indicators.csv``) as a low and an optional high value.  Every
claim gets one verdict:

``implausible``
    the reported figure breaks a physical or arithmetic bound
    (``data/impact/claim_rules.csv``), whatever the data say;
``supported``
    the evidence (KPI, model run or economics figure) falls in the reported
    range (a single reported number stands for the interval its last digit
    rounds, e.g. 183 for 182.5..183.5; "more than X" has no high);
``unsupported``
    the evidence is outside the reported range;
``untestable``
    the evidence needed is missing (the explanation says which).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _
from zhassyl.impact.data import read_rows
from zhassyl.impact.kpi import Kpi, kpi_by_id
from zhassyl.impact.programme import parse_period

COLUMNS = ("claim_id", "text", "indicator", "reported_low", "reported_high", "unit", "region",
           "period", "source")
VERDICTS = ("supported", "unsupported", "implausible", "untestable")


@dataclass(frozen=True)
class Claim:
    """One row of a claims file."""

    claim_id: str
    text: str
    indicator: str
    low: float
    high: float | None
    low_text: str
    high_text: str
    unit: str
    region: str | None
    period: str | None
    source: str

    def interval(self) -> tuple[float, float]:
        """The reported range; one number stands for what rounds to it."""
        if self.high is None:
            return self.low, float("inf")
        if self.high == self.low and self.high_text == self.low_text:
            half = _half_last_digit(self.low_text)
            return self.low - half, self.high + half
        return self.low, self.high

    def reported(self) -> str:
        if self.high is None:
            return f"> {self.low_text} {self.unit}"
        if self.high == self.low:
            return f"{self.low_text} {self.unit}"
        return f"{self.low_text}-{self.high_text} {self.unit}"


def _half_last_digit(text: str) -> float:
    exponent = Decimal(text.strip()).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** min(int(exponent), 0) if "." in text else 0.5


@dataclass(frozen=True)
class Verdict:
    """The audit of one claim."""

    claim: Claim
    verdict: str
    explanation: str
    evidence: dict

    def record(self) -> dict:
        """``{claim, reported, verdict, explanation, evidence}`` (the JSON form)."""
        return {"claim": self.claim.claim_id, "text": self.claim.text,
                "indicator": self.claim.indicator, "reported": self.claim.reported(),
                "reported_low": self.claim.low, "reported_high": self.claim.high,
                "unit": self.claim.unit,
                "verdict": self.verdict, "explanation": self.explanation,
                "evidence": self.evidence}


def indicators() -> dict[str, dict[str, str]]:
    """Known indicators with their unit and evidence (``indicators.csv``)."""
    return {r["indicator"]: r for r in read_rows("indicators.csv")}


def rules() -> tuple[dict[str, str], ...]:
    """Physical and arithmetic bounds (``claim_rules.csv``)."""
    return read_rows("claim_rules.csv")


# ----------------------------------------------------------------------------- reading
def _number(text: str) -> float:
    Decimal(text.strip())  # raises InvalidOperation on anything but a plain number
    return float(text)


def parse_claims(text: str, name: str, regions: set[str] | None = None) -> list[Claim]:
    """Validate a whole claims file; raise :class:`InputError` naming row and column."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError([Problem(name, 1, c, _("missing column")) for c in missing])
    known = indicators()
    claims, problems = [], []
    seen = set()
    for row_no, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}

        def bad(column, message, row_no=row_no):
            problems.append(Problem(name, row_no, column, message))

        if not row["claim_id"]:
            bad("claim_id", _("empty"))
        elif row["claim_id"] in seen:
            bad("claim_id", _("duplicate claim id '{value}'").format(value=row["claim_id"]))
        seen.add(row["claim_id"])
        ind = known.get(row["indicator"])
        if ind is None:
            bad("indicator", _("unknown indicator '{value}'; known: {known}").format(
                value=row["indicator"], known=", ".join(known)))
        elif row["unit"] != ind["unit"] and row["unit"] not in ind["aliases"].split("|"):
            bad("unit", _("unit '{unit}' does not match indicator {indicator} (expected "
                          "{expected})").format(unit=row["unit"], indicator=row["indicator"],
                                                expected=ind["unit"]))
        low = high = None
        try:
            low = _number(row["reported_low"])
        except (InvalidOperation, ValueError):
            bad("reported_low", _("'{value}' is not a number").format(value=row["reported_low"]))
        if row["reported_high"]:
            try:
                high = _number(row["reported_high"])
            except (InvalidOperation, ValueError):
                bad("reported_high", _("'{value}' is not a number").format(
                    value=row["reported_high"]))
        if low is not None and high is not None and low > high:
            bad("reported_high", _("low {low} is greater than high {high}").format(
                low=row["reported_low"], high=row["reported_high"]))
        if row["region"] and regions is not None and row["region"] not in regions:
            bad("region", _("unknown region '{region}'; known: {known}").format(
                region=row["region"], known=", ".join(sorted(regions))))
        if row["period"]:
            try:
                parse_period(row["period"], "period")
            except InputError as exc:
                bad("period", exc.problems[0].message)
        if low is not None and ind is not None:
            claims.append(Claim(row["claim_id"], row["text"], row["indicator"], low, high,
                                row["reported_low"], row["reported_high"], ind["unit"],
                                row["region"] or None, row["period"] or None, row["source"]))
    if problems:
        raise InputError(problems)
    if not claims:
        raise InputError(Problem(name, None, None, _("no claims in the file")))
    return claims


def read_claims(path: str | Path, regions: set[str] | None = None) -> list[Claim]:
    """Read and validate a claims CSV file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(path), None, None, _("cannot read the file: {error}").format(
            error=exc))) from exc
    return parse_claims(text, str(path), regions)


def case_study_claims() -> list[Claim]:
    """The case study's key-impact table (``data/impact/case_study_claims.csv``)."""
    from importlib import resources

    res = resources.files("zhassyl") / "data" / "impact" / "case_study_claims.csv"
    return parse_claims(res.read_text(encoding="utf-8"), "case_study_claims.csv")


# ----------------------------------------------------------------------------- evidence
@dataclass(frozen=True)
class Evidence:
    """What the data and models say about an indicator."""

    value: float | None
    low: float | None
    high: float | None
    kind: str
    detail: str
    missing: str = ""
    level: str | None = None          # production level of the model runs, if any
    model_runs: tuple[str, ...] = ()  # system, region, level, seeds, version, scenario hashes

    def record(self) -> dict:
        return {"value": self.value, "p10": self.low, "p90": self.high, "provenance": self.kind,
                "detail": self.detail, **({"missing": self.missing} if self.missing else {}),
                **({"level": self.level, "model_runs": list(self.model_runs)}
                   if self.model_runs else {})}


@dataclass
class AuditContext:
    """KPIs of the programme selection of each claim and other evidence providers.

    ``kpis(region, period)`` returns the KPIs of a selection;
    ``hay_ratio(region)`` the simulated green-cover / traditional hay ratio (mean, P10,
    P90, a description with the model runs, and the run ids);
    ``potential_hay(region)`` the highest simulated potential annual hay (P90 over weather,
    any stand year) of the green-cover system and its model runs; ``level`` the
    production level of the modelled evidence.
    """

    kpis: Callable[[str | None, str | None], list[Kpi]]
    hay_ratio: Callable[[str], tuple[float, float, float, str, tuple[str, ...]]]
    potential_hay: Callable[[str], tuple[float, str]] | None = None
    level: str | None = None


def _kpi_evidence(k: Kpi) -> Evidence:
    lo = k.value if k.low is None else k.low
    hi = k.value if k.high is None else k.high
    missing = "" if k.value is not None else (k.provenance.note or "no data")
    return Evidence(k.value, lo, hi, k.provenance.kind,
                    f"{k.id} = {_fmt(k.value)} {k.unit} ({k.provenance.kind}; "
                    f"{k.provenance.summary()}). {k.provenance.note}".strip(), missing,
                    k.provenance.level, k.provenance.model_runs)


def _economics_evidence(which: str) -> Evidence:
    from zhassyl.economics.casestudy import claims

    # the rows' claim text is in the process language: match it in the same language
    key = {"seed": _("seed cost halved at 10 kg/ha"),
           "profit": _("net profit > US$1,700/ha")}[which]
    row = next(c for c in claims() if c["claim"].startswith(key))
    verdict = {_("yes"): "supported", _("partly"): "partly", _("no"): "not supported"}.get(
        str(row["supported"]), str(row["supported"]))
    return Evidence(None, None, None, "modelled",
                    f"{row['computed']} (assumptions: {row['assumptions']})", "" if verdict in
                    ("supported", "partly", "not supported") else verdict)


def evidence_for(claim: Claim, ctx: AuditContext, lang: str | None = None) -> Evidence:
    """The evidence of ``claim``'s indicator for its region and period."""
    source = indicators()[claim.indicator]["evidence"]
    kind, _sep, name = source.partition(":")
    if kind == "kpi":
        return _kpi_evidence(kpi_by_id(ctx.kpis(claim.region, claim.period))[name])
    if kind == "economics":
        return _economics_evidence(name)
    if kind == "model":
        mean, lo, hi, runs, run_ids = ctx.hay_ratio(claim.region or "kyzylorda")
        return Evidence(mean, lo, hi, "modelled", _(
            "simulated hay, green cover / traditional sowing: {mean} (P10-P90 {low}-{high}); "
            "{runs}", lang).format(mean=f"{mean:.2f}", low=f"{lo:.2f}", high=f"{hi:.2f}",
                                   runs=runs), level=ctx.level, model_runs=run_ids)
    return Evidence(None, None, None, "measured", "", _(
        "no sowing-irrigation meter readings in the registry; the simulated systems take "
        "350 m3/ha from the case study itself, so a model run cannot test it", lang))


# ----------------------------------------------------------------------------- bounds
def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def _years(claim: Claim, kpis: dict[str, Kpi]) -> int:
    if claim.period:
        p = parse_period(claim.period)
        return p.last - p.first + 1
    years = {part["year"] for part in kpis["water_saved_modelled_m3"].parts} | {
        part["year"] for part in kpis["water_saved_m3"].parts}
    return max(len(years), 1)


def _water_readings(claim: Claim, kpis: dict[str, Kpi], bound_ha_yr: float,
                    lang: str | None = None) -> str:
    """The rice area that would make a water claim true, and likelier readings."""
    parts = [p for p in kpis["water_saved_modelled_m3"].parts
             if p["previous_practice"] == "rice-flood"]
    area_years = sum(p["area_ha"] for p in parts)
    saved = sum(p["saved_modelled_m3"].mean for p in parts)
    area = kpis["area_sown_ha"].value or 0.0
    lines = []
    if area_years > 0 and saved > 0:
        per_ha = saved / area_years
        lines.append(_(
            "To be true it would need {a1} ha of flooded rice replaced by green-cover alfalfa "
            "for one year ({a10} ha for ten years) at the simulated saving of {per_ha} m3/ha "
            "a year", lang).format(a1=_fmt(claim.low / per_ha), a10=_fmt(claim.low / per_ha / 10),
                             per_ha=_fmt(per_ha)))
    if area > 0:
        lines.append(_(
            "Likelier readings: a basin- or region-level total (the rice area of the "
            "participating regions), a total over many years and fields, or thousands rather "
            "than millions of m3 ({low}-{high} thousand m3 on {area} ha is {lo_ha}-{hi_ha} "
            "m3/ha)", lang).format(low=_fmt(claim.low / 1e6),
                                   high=_fmt((claim.high or claim.low) / 1e6), area=_fmt(area),
                                   lo_ha=_fmt(claim.low / 1000 / area),
                                   hi_ha=_fmt((claim.high or claim.low) / 1000 / area)))
    return ". ".join(lines)


def check_bounds(claim: Claim, ctx: AuditContext, all_claims: list[Claim],
                 lang: str | None = None) -> str | None:
    """The explanation of the first bound the claim breaks (``None`` if none)."""
    kpis = None
    for rule in rules():
        if rule["indicator"] != claim.indicator:
            continue
        ref, value = rule["reference"], float(rule["value"])
        kind, _sep, name = ref.partition(":")
        detail = ""
        if kind == "constant":
            bound = value
        elif kind == "area_years_times_value":
            kpis = kpis or kpi_by_id(ctx.kpis(claim.region, claim.period))
            area, years = kpis["area_sown_ha"].value or 0.0, _years(claim, kpis)
            bound = area * years * value
            detail = _("{area} ha x {years} years x {value} {unit}", lang).format(
                area=_fmt(area), years=years, value=_fmt(value), unit=rule["unit"])
            if area > 0:
                detail += _("; the claim is {per_ha} m3/ha a year", lang).format(
                    per_ha=_fmt(claim.low / area / years))
        elif kind == "kpi":
            kpis = kpis or kpi_by_id(ctx.kpis(claim.region, claim.period))
            bound = (kpis[name].value or 0.0) * value
            detail = f"{name} = {_fmt(kpis[name].value)}"
        elif kind == "model" and ctx.potential_hay is not None:
            top, runs = ctx.potential_hay(claim.region or "kyzylorda")
            bound = top * value
            detail = f"{name} = {_fmt(top)} t/ha; {runs}"
        elif kind == "claim":
            other = next((c for c in all_claims if c.indicator == name), None)
            if other is None:
                continue
            bound = (other.high if other.high is not None else float("inf")) * value
            detail = f"{other.claim_id}: {other.reported()}"
        else:
            continue
        lo, hi = claim.interval()
        broken = (lo > bound) if rule["check"] == "le" else (hi < bound)
        if broken:
            text = _("breaks rule {rule}: {description} (bound {bound}: {detail}; source: "
                     "{source})", lang).format(rule=rule["rule"], description=rule["description"],
                                         bound=_fmt(bound), detail=detail,
                                         source=rule["source"])
            if rule["rule"] == "water_within_baseline_use":
                text += ". " + _water_readings(claim, kpis, value, lang)
            return text
    return None


# ----------------------------------------------------------------------------- verdicts
def audit_claim(claim: Claim, ctx: AuditContext, all_claims: list[Claim],
                lang: str | None = None) -> Verdict:
    """The verdict on one claim with its explanation and evidence (in ``lang``)."""
    broken = check_bounds(claim, ctx, all_claims, lang)
    ev = evidence_for(claim, ctx, lang)
    if broken:
        return Verdict(claim, "implausible", broken, ev.record())
    if ev.missing:
        return Verdict(claim, "untestable", _("missing: {what}", lang).format(what=ev.missing),
                       ev.record())
    if ev.value is None:  # economics figures carry their own verdict in the detail
        supported = ev.detail and claim.indicator == "seed_cost_ratio" and _economics_ok("seed")
        if claim.indicator == "net_profit_usd_ha":
            supported = _economics_ok("profit")
        verdict = "supported" if supported else "unsupported"
        return Verdict(claim, verdict, _("default prices and rates give: {detail}", lang).format(
            detail=ev.detail), ev.record())
    lo, hi = claim.interval()
    e_lo = ev.low if ev.low is not None else ev.value
    e_hi = ev.high if ev.high is not None else ev.value
    if e_hi >= lo and e_lo <= hi:
        return Verdict(claim, "supported", _("the evidence ({value}, range {low}-{high}) lies "
                                             "in the reported range. {detail}", lang).format(
            value=_fmt(ev.value), low=_fmt(e_lo), high=_fmt(e_hi), detail=ev.detail),
            ev.record())
    side = _("below", lang) if e_hi < lo else _("above", lang)
    return Verdict(claim, "unsupported", _("the evidence ({value}, range {low}-{high}) is {side} "
                                           "the reported {reported}. {detail}", lang).format(
        value=_fmt(ev.value), low=_fmt(e_lo), high=_fmt(e_hi), side=side,
        reported=claim.reported(), detail=ev.detail), ev.record())


def _economics_ok(which: str) -> bool:
    from zhassyl.economics.casestudy import claims

    # the rows' claim text is in the process language: match it in the same language
    key = {"seed": _("seed cost halved at 10 kg/ha"),
           "profit": _("net profit > US$1,700/ha")}[which]
    return next(c for c in claims() if c["claim"].startswith(key))["supported"] == _("yes")


def audit(claims: list[Claim], ctx: AuditContext, lang: str | None = None) -> list[Verdict]:
    """Verdicts on every claim, in file order; explanations in ``lang`` (default: the
    interface language)."""
    return [audit_claim(c, ctx, claims, lang) for c in claims]


def programme_context(prog, simulate=None, lang: str | None = None,
                      level: str | None = None) -> AuditContext:
    """An :class:`AuditContext` over a programme snapshot (KPIs computed once per selection;
    their notes in ``lang``).

    ``level`` is the production level of the model runs (default ``farm``,
    :data:`zhassyl.farming.levels.DEFAULT_LEVEL`): the KPIs' counterfactuals and
    the simulated hay ratio use it; the yield bound is always the potential hay.
    """
    from zhassyl.farming.levels import DEFAULT_LEVEL
    from zhassyl.impact.kpi import compute_kpis
    from zhassyl.impact.model_runs import simulate_practices

    level = level or DEFAULT_LEVEL
    cache: dict = {}
    alfalfa: dict = {}

    def kpis(region, period):
        key = (region, period)
        if key not in cache:
            cache[key] = compute_kpis(prog.select(region, parse_period(period)), simulate, lang,
                                      level)
        return cache[key]

    def figures(region):
        if region not in alfalfa:
            figs = simulate_practices(region, ("green-cover-alfalfa", "traditional-alfalfa"),
                                      level=level)
            gc, tr = figs["green-cover-alfalfa"], figs["traditional-alfalfa"]
            if gc.missing or tr.missing:
                raise InputError(Problem("region", None, None, gc.missing or tr.missing or ""))
            alfalfa[region] = gc, tr
        return alfalfa[region]

    def hay_ratio(region):
        gc, tr = figures(region)
        g = sum(s.mean for s in gc.hay_t_ha)
        t = sum(s.mean for s in tr.hay_t_ha)
        g_lo, g_hi = sum(s.p10 for s in gc.hay_t_ha), sum(s.p90 for s in gc.hay_t_ha)
        t_lo, t_hi = sum(s.p10 for s in tr.hay_t_ha), sum(s.p90 for s in tr.hay_t_ha)
        return (g / t, g_lo / t_hi, g_hi / t_lo,
                _("hay over {n} stand years; runs: {runs}", lang).format(
                    n=gc.years, runs=f"{gc.run_id}; {tr.run_id}"), (gc.run_id, tr.run_id))

    def potential_hay(region):
        gc, _tr = figures(region)
        return max(s.p90 for s in gc.potential_hay()), gc.potential_run_id

    return AuditContext(kpis, hay_ratio, potential_hay, level)
