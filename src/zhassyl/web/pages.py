"""Server-rendered pages (Jinja2 templates shipped in the package)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import N_, gettext
from zhassyl.registry import repositories as repo
from zhassyl.registry.policy import Actor, allowed, authorize
from zhassyl.scenario.model import LEVELS
from zhassyl.web import charts, services
from zhassyl.web.deps import PUBLIC, Guard, RowId, csrf, registry, settings, signer
from zhassyl.web.locale import LANGUAGE_NAMES, format_date, format_number
from zhassyl.web.plan import TEMPLATES, plan_pdf
from zhassyl.web.security import CSRF_FIELD

router = APIRouter(include_in_schema=False)

#: Largest upload accepted by the forms [bytes].
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    """Render template ``name`` in the request's language with the common context."""
    lang = getattr(request.state, "lang", "en")
    actor = request.state._state.get("actor")
    session = getattr(request.state, "new_session", None) or getattr(request.state, "session",
                                                                     None)

    page_path = context.pop("page_path", request.url.path)

    def lang_url(code: str) -> str:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        return page_path + "?" + urlencode([*query, ("lang", code)])

    context.update(
        request=request, lang=lang, actor=actor,
        _=lambda message: gettext(message, lang),
        num=lambda value, digits=1: format_number(value, lang, digits),
        date=lambda value: format_date(value, lang),
        term=lambda code: services.term_label(code, lang),
        may=lambda op, table=None: actor is not None and allowed(actor, op, table),
        csrf_field=CSRF_FIELD,
        csrf_token=signer(request).csrf_token(session) if session else "",
        languages=[(code, LANGUAGE_NAMES[code], lang_url(code)) for code in
                   ("kk", "ru", "en")],
    )
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


def _safe_next(target: str | None) -> str:
    """A local path to go to after sign-in (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, actor: Annotated[Actor | None, Depends(PUBLIC)],
               next: str | None = None):
    """The sign-in form."""
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(csrf)])
def login(request: Request, actor: Annotated[Actor | None, Depends(PUBLIC)],
          username: Annotated[str, Form(max_length=120)],
          password: Annotated[str, Form(max_length=1000)], next: Annotated[str, Form()] = "/"):
    """Check the password (rate-limited) and start a new session."""
    from zhassyl.registry.users import authenticate

    limiter = request.app.state.login_limiter
    keys = ("user:" + username.lower(), "ip:" + _client(request))
    if limiter.blocked(*keys):
        return render(request, "login.html", status_code=429, next=_safe_next(next),
                      error=gettext("too many failed sign-ins; wait a few minutes",
                                    request.state.lang))
    with registry(request).sessions() as s:
        who = authenticate(s, username, password)
    if who is None:
        limiter.failed(*keys)
        return render(request, "login.html", status_code=401, next=_safe_next(next),
                      error=gettext("wrong user name or password", request.state.lang))
    limiter.succeeded(keys[0])
    request.state.new_session = signer(request).new_session(who.name)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(csrf)])
def logout(request: Request, actor: Annotated[Actor, Depends(Guard("aggregate"))]):
    """End the session."""
    request.state.new_session = signer(request).new_session(None)
    return RedirectResponse("/login", status_code=303)


def compute_aggregates(session, actor: Actor) -> tuple[dict, dict, dict]:
    """The dashboard's programme-wide aggregates (the same for every role)."""
    return (repo.programme_summary(session, actor), repo.field_area_by_region(session, actor),
            repo.participation(session, actor))


def refresh_aggregates(app, actor: Actor) -> int:
    """Compute the aggregates into ``app``'s cache unless they are current; return the key.

    The app calls it at start (so the first visitors do not wait for the
    computation); requests call it when the audit log has grown.
    """
    cache = app.state.aggregates
    with cache["lock"]:
        with app.state.registry.session(actor) as s:
            key = repo.last_change_id(s, actor)   # the snapshot the values are read at
            if cache.get("key") != key:
                cache.update(key=key, value=compute_aggregates(s, actor), charts={})
        return key


def _aggregates(request: Request, actor: Actor) -> tuple[int, tuple[dict, dict, dict]]:
    """Programme-wide aggregates, cached until the registry changes; and the cache key.

    They are the same for every role (the policy's ``aggregate``), so one copy per
    server process serves everyone; the policy is still asked on every request.
    The key is the audit log's newest id (:func:`repositories.last_change_id`):
    every write, from this process, another server process or the CLI, appends to
    the audit log and so invalidates the copy.  One request recomputes while the
    others wait for its result (no stampede of identical queries).
    """
    cache = request.app.state.aggregates
    with registry(request).session(actor) as s:
        key = repo.last_change_id(s, actor)
        if cache.get("key") == key:
            return key, cache["value"]
    refresh_aggregates(request.app, actor)
    return cache["key"], cache["value"]


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, actor: Annotated[Actor, Depends(Guard("aggregate"))]):
    """Programme dashboard: headline figures with their provenance, charts."""
    key, (summary, by_region, people) = _aggregates(request, actor)
    lang = request.state.lang
    cache = request.app.state.aggregates
    charts_of = cache.get("charts", {})
    drawn = charts_of.get((key, lang)) or _dashboard_charts(summary, by_region, people, lang)
    if cache.get("key") == key:
        cache["charts"] = {**charts_of, (key, lang): drawn}
    return render(request, "dashboard.html", summary=summary, **drawn)


def _dashboard_charts(summary: dict, by_region: dict, people: dict, lang: str) -> dict:
    """The dashboard's SVG charts in ``lang`` (drawn once per registry state and language)."""
    status_chart = charts.bar_chart(gettext("proposals by status", lang), [
        (gettext("submitted", lang), summary["proposals_submitted"]),
        (gettext("under review", lang), summary["proposals_under-review"]),
        (gettext("approved", lang), summary["proposals_approved"]),
        (gettext("rejected", lang), summary["proposals_rejected"]),
        (gettext("withdrawn", lang), summary["proposals_withdrawn"]),
        (gettext("draft", lang), summary["proposals_draft"])])
    gender_chart = charts.bar_chart(gettext("participants by gender", lang), [
        (gettext("women", lang), summary["women_participants"]),
        (gettext("men", lang), summary["participants"] - summary["women_participants"])])
    years = [r["year"] for r in people["by_year"]]

    def serie(key: str, name: str) -> dict:
        values = [r[key] for r in people["by_year"]]
        return {"name": name, "x": years, "p10": values, "p50": values, "p90": values}

    attendance_chart = charts.line_chart(
        gettext("training attendance by year (counted)", lang), gettext("people", lang),
        [serie("women", gettext("women", lang)), serie("men", gettext("men", lang)),
         serie("youth", gettext("youth", lang)), serie("elderly", gettext("elderly", lang))])
    group_chart = charts.bar_chart(gettext("participants by age group", lang), [
        (label, sum(people["by_age_group"].get(group, {}).values()))
        for group, label in (("youth", gettext("youth", lang)), ("adult", gettext("adults", lang)),
                             ("elderly", gettext("elderly", lang)))])
    region_chart = (charts.bar_chart(gettext("field area by region, ha", lang), sorted(
        by_region.items(), key=lambda kv: -kv[1])) if by_region else None)
    return {"status_chart": status_chart, "gender_chart": gender_chart,
            "region_chart": region_chart, "attendance_chart": attendance_chart,
            "group_chart": group_chart}


@router.get("/regions", response_class=HTMLResponse)
def regions(request: Request, actor: Annotated[Actor, Depends(Guard("read", "regions"))]):
    """The programme's regions, each with a link to its scenario."""
    with registry(request).session(actor) as s:
        rows = repo.list_records(s, actor, "regions")
    return render(request, "regions.html", regions=rows)


@router.get("/farms", response_class=HTMLResponse)
def farms(request: Request, actor: Annotated[Actor, Depends(Guard("read", "farms"))],
          q: Annotated[str, Query(max_length=100)] = "",
          page: Annotated[int, Query(ge=1, le=100000)] = 1,
          region: Annotated[str | None, Query(max_length=40)] = None):
    """Farms (search by name, paginated) and the form that registers a farm."""
    size = settings(request).page_size
    with registry(request).session(actor) as s:
        shown, total = repo.farm_page(s, actor, region=region or None, name_contains=q or None,
                                      limit=size, offset=(page - 1) * size)
        communities = (repo.list_records(s, actor, "communities")
                       if allowed(actor, "create", "farms") else [])
    pages = max(1, -(-total // size))
    return render(request, "farms.html", farms=shown, q=q, page=page, pages=pages,
                  total=total, region=region or "", communities=communities,
                  problems=[], values={})


def _form_values(form) -> dict:
    return {k: v for k, v in form.items() if k != CSRF_FIELD and isinstance(v, str)}


@router.post("/farms", response_class=HTMLResponse, dependencies=[Depends(csrf)])
async def create_farm(request: Request,
                      actor: Annotated[Actor, Depends(Guard("create", "farms"))]):
    """Register a farm from the form; show the problems (nothing stored) when invalid."""
    from starlette.concurrency import run_in_threadpool

    values = _form_values(await request.form())
    keep = ("name", "community_id", "household_size", "head_gender", "size_ha", "irrigated_ha")
    row = {k: (values.get(k) or None) for k in keep}

    def store():
        with registry(request).session(actor) as s:
            return repo.create_record(s, actor, "farms", row)

    try:
        made = await run_in_threadpool(store)
    except InputError as exc:
        with registry(request).session(actor) as s:
            communities = repo.list_records(s, actor, "communities")
        return render(request, "farms.html", status_code=422, farms=[], q="", page=1, pages=1,
                      total=0, region="", communities=communities, problems=exc.problems,
                      values=values)
    return RedirectResponse(f"/farms/{made['id']}", status_code=303)


def _farm_page(request: Request, actor: Actor, farm_id: int, problems=(), status_code=200):
    with registry(request).session(actor) as s:
        authorize(actor, "read", "farms", session=s, row={"id": farm_id})
        farm = repo.get_record(s, actor, "farms", farm_id)
        fields = repo.list_records(s, actor, "fields", farm_id=farm_id)
        head = (repo.get_record(s, actor, "people", farm["head_person_id"])
                if farm["head_person_id"] and allowed(actor, "read", "people") else None)
        community = (repo.get_record(s, actor, "communities", farm["community_id"])
                     if allowed(actor, "read", "communities") else None)
    title = gettext("fields of the farm", request.state.lang)
    return render(request, "farm.html", status_code=status_code, page_path=f"/farms/{farm_id}",
                  farm=farm, fields=fields,
                  head=head, community=community, problems=list(problems),
                  map=charts.field_map(title, fields))


@router.get("/farms/{farm_id}", response_class=HTMLResponse)
def farm(request: Request, farm_id: RowId,
         actor: Annotated[Actor, Depends(Guard("read", "farms"))]):
    """A farm: its fields on a map, household and area."""
    return _farm_page(request, actor, farm_id)


@router.post("/farms/{farm_id}/fields", response_class=HTMLResponse,
             dependencies=[Depends(csrf)])
async def upload_fields(request: Request, farm_id: RowId,
                        actor: Annotated[Actor, Depends(Guard("create", "fields"))]):
    """Create fields of the farm from an uploaded GeoJSON FeatureCollection (all or nothing)."""
    from starlette.concurrency import run_in_threadpool

    from zhassyl.registry.importexport import read_geojson

    form = await request.form()
    upload = form.get("geojson")
    if not isinstance(upload, UploadFile) and not hasattr(upload, "read"):
        return _farm_page(request, actor, farm_id, [Problem("geojson", None, None, gettext(
            "choose a GeoJSON file", request.state.lang))], 422)
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    name = Path(upload.filename or "fields.geojson").name

    def store():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data[:MAX_UPLOAD_BYTES])
            rows = read_geojson(path)
        problems = []
        with registry(request).session(actor) as s:
            for _file, line, values in rows:
                values = {**values, "farm_id": farm_id}
                values.pop("id", None)
                try:
                    repo.create_record(s, actor, "fields", values)
                except InputError as exc:
                    problems += [Problem(name, line, p.column, p.message) for p in exc.problems]
            if problems:
                raise InputError(problems)

    try:
        await run_in_threadpool(store)
    except InputError as exc:
        return _farm_page(request, actor, farm_id, exc.problems, 422)
    return RedirectResponse(f"/farms/{farm_id}", status_code=303)


@router.get("/fields/{field_id}", response_class=HTMLResponse)
def field(request: Request, field_id: RowId,
          actor: Annotated[Actor, Depends(Guard("read", "fields"))]):
    """A field: map, seasons, soil samples with the salinity and carbon trend, yields."""
    lang = request.state.lang
    with registry(request).session(actor) as s:
        fld = repo.get_record(s, actor, "fields", field_id)
        seasons = repo.list_records(s, actor, "seasons", field_id=field_id)
        samples = repo.list_records(s, actor, "soil_samples", field_id=field_id)
        yields = repo.list_records(s, actor, "yield_measurements", field_id=field_id)
    years = [x["sampled_on"].year for x in samples]

    def serie(key, name):
        values = [x[key] for x in samples]
        return {"name": name, "x": years, "p10": values, "p50": values, "p90": values}

    ece_chart = charts.line_chart(gettext("soil salinity ECe", lang), "dS/m",
                                  [serie("ece_ds_m", "ECe")]) if samples else None
    soc_chart = charts.line_chart(gettext("soil organic carbon", lang), "%",
                                  [serie("soc_pct", "SOC")]) if samples else None
    return render(request, "field.html", field=fld, seasons=seasons, samples=samples,
                  yields=yields, ece_chart=ece_chart, soc_chart=soc_chart,
                  map=charts.field_map(fld["name"], [fld]))


@router.get("/fields/{field_id}/plan.pdf")
def field_plan_pdf(request: Request, field_id: RowId,
                   actor: Annotated[Actor, Depends(Guard("read", "fields"))],
                   lang: Annotated[str | None, Query(pattern="^(kk|ru|en)$")] = None):
    """The farmer's printable field plan (PDF) in kk, ru or en."""
    from zhassyl.i18n import REQUEST_LANGUAGE

    lang = lang or request.state.lang
    REQUEST_LANGUAGE.set(lang)
    with registry(request).session(actor) as s:
        fld = repo.get_record(s, actor, "fields", field_id)
        inputs = services.field_inputs(s, actor, fld)
    pdf = plan_pdf(inputs, lang)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="field-{field_id}-plan-{lang}.pdf"'})


@router.get("/scenario", response_class=HTMLResponse)
def scenario(request: Request, actor: Annotated[Actor, Depends(Guard("simulate"))],
             region: Annotated[str | None, Query(max_length=40)] = None,
             field_id: Annotated[int | None, Query(ge=1)] = None,
             systems: Annotated[list[str] | None, Query()] = None,
             years: Annotated[int, Query(ge=1, le=30)] = 5,
             level: Annotated[str | None, Query(max_length=20)] = None,
             baseline: Annotated[str | None, Query(max_length=40)] = None,
             irrigation: Annotated[str | None, Query(max_length=20)] = None):
    """Scenario for a region or a field: the form, and (when asked) charts and a table.

    ``irrigation`` is the irrigation method of the compared systems (empty: each
    system's own); ``level`` the production level.

    The page's URL holds every choice, so it is the shareable link of the result.
    """
    lang = request.state.lang
    fld = inputs = None
    with registry(request).session(actor) as s:
        region_rows = repo.list_records(s, actor, "regions")
        if field_id is not None:
            fld = repo.get_record(s, actor, "fields", field_id)
            inputs = services.field_inputs(s, actor, fld, level)
            region = inputs["region"]
    context = {"regions": region_rows, "region": region, "field": fld, "years": years,
               "systems": systems or ["green-cover-alfalfa", "rice-flood"],
               "all_systems": services.system_ids(), "levels": LEVELS,
               "level": level or services.DEFAULT_LEVEL, "baseline": baseline or "",
               "irrigation": irrigation or "",
               "irrigation_methods": services.irrigation_method_ids(),
               "choice_labels": services.CHOICE_LABELS,
               "result": None, "problems": []}
    if region and systems:
        try:
            sc = services.request_scenario(region, systems, years, level, field=inputs,
                                          baseline=baseline or None,
                                          irrigation_method=irrigation or None)
            records, prov = services.scenario_records(sc, services.BAND_SEEDS)
        except InputError as exc:
            context["problems"] = exc.problems
            return render(request, "scenario.html", status_code=422, **context)
        keys = ("hay_t_ha", "grain_t_ha", "irrigation_m3_ha", "ece_ds_m", "soc_t_c_ha",
                "net_income_kzt_ha")
        table = services.percentile_table(records, keys)
        plots = []
        for key, title, unit in (
                ("hay_t_ha", gettext("alfalfa hay", lang), "t/ha"),
                ("grain_t_ha", gettext("grain", lang), "t/ha"),
                ("irrigation_m3_ha", gettext("irrigation water", lang), "m³/ha"),
                ("ece_ds_m", gettext("root-zone salinity ECe", lang), "dS/m"),
                ("soc_t_c_ha", gettext("soil organic carbon", lang), "t C/ha"),
                ("net_income_kzt_ha", gettext("net income", lang), "KZT/ha")):
            series = []
            for sys_id in systems:
                rows = sorted((r for r in table if r["system"] == sys_id),
                              key=lambda r: r["year"])
                series.append({"name": sys_id, "x": [r["year"] for r in rows],
                               **{p: [r[key][p] for r in rows] for p in ("p10", "p50", "p90")}})
            plots.append((title, unit, charts.line_chart(title, unit, series)))
        # the shareable link names every choice, defaults included (level, irrigation)
        choices = [("field_id", field_id) if field_id else ("region", region),
                   *[("systems", s) for s in systems], ("years", years),
                   ("level", context["level"]), ("irrigation", irrigation or ""),
                   ("baseline", baseline or ""), ("lang", lang)]
        context["share"] = (str(request.base_url).rstrip("/") + "/scenario?"
                            + urlencode(choices))
        context["result"] = {"table": sorted(table, key=lambda r: (r["year"], r["system"])),
                             "plots": plots, "provenance": prov, "keys": keys}
    return render(request, "scenario.html", **context)


@router.get("/proposals", response_class=HTMLResponse)
def proposals(request: Request, actor: Annotated[Actor, Depends(Guard("read", "proposals"))]):
    """Proposals ranked by their equity-weighted priority score, and the submission form."""
    return _proposals_page(request, actor)


def _proposals_page(request: Request, actor: Actor, problems=(), values=None,
                    status_code=200):
    with registry(request).session(actor) as s:
        rows = repo.list_records(s, actor, "proposals")
        weights = repo.equity_weights(s)
    rows.sort(key=lambda r: -(r["priority_score"] or 0))
    return render(request, "proposals.html", status_code=status_code, page_path="/proposals",
                  proposals=rows, weights=weights, problems=list(problems),
                  values=values or {}, fields=PROPOSAL_FORM)


PROPOSAL_FORM = ("title", "support_requested", "requested_kzt", "beneficiaries_total",
                 "beneficiaries_women", "beneficiaries_youth", "beneficiaries_elderly",
                 "beneficiaries_vulnerable")


@router.post("/proposals", response_class=HTMLResponse, dependencies=[Depends(csrf)])
async def submit_proposal(request: Request,
                          actor: Annotated[Actor, Depends(Guard("create", "proposals"))]):
    """Submit a proposal for a farm (a farmer: their own farm); the score is computed."""
    import datetime as dt

    from starlette.concurrency import run_in_threadpool

    values = _form_values(await request.form())
    row = {k: (values.get(k) or None) for k in PROPOSAL_FORM}
    farm_id = actor.farm_id if actor.role == "farmer" else values.get("farm_id")

    def store():
        with registry(request).session(actor) as s:
            try:
                farm_row = repo.get_record(s, actor, "farms", int(farm_id))
            except (TypeError, ValueError, repo.NotFound):
                raise InputError(Problem("proposals", None, "farm_id", gettext(
                    "choose a farm", request.state.lang))) from None
            row.update(farm_id=farm_row["id"], community_id=farm_row["community_id"],
                       submitter_kind="farmer", submitted_on=dt.date.today(),
                       status="submitted")
            return repo.create_record(s, actor, "proposals", row)

    try:
        await run_in_threadpool(store)
    except InputError as exc:
        return _proposals_page(request, actor, exc.problems, values, 422)
    return RedirectResponse("/proposals", status_code=303)


@router.post("/proposals/{proposal_id}/decision", response_class=HTMLResponse,
             dependencies=[Depends(csrf)])
def decide(request: Request, proposal_id: RowId,
           actor: Annotated[Actor, Depends(Guard("decide", "proposals"))],
           status: Annotated[str, Form(pattern="^(approved|rejected|under-review)$")],
           note: Annotated[str, Form(max_length=500)] = ""):
    """Record the Board's decision (the audit log keeps who decided and when)."""
    with registry(request).session(actor) as s:
        repo.decide_proposal(s, actor, proposal_id, status, note or None)
    return RedirectResponse("/proposals", status_code=303)


@router.get("/trainings", response_class=HTMLResponse)
def trainings(request: Request, actor: Annotated[Actor, Depends(Guard("read", "trainings"))]):
    """Trainings and demonstrations with their attendance by group."""
    return _trainings_page(request, actor)


def _trainings_page(request: Request, actor: Actor, problems=(), values=None,
                    status_code=200) -> HTMLResponse:
    from zhassyl.registry.models import TRAINING_KINDS

    with registry(request).session(actor) as s:
        rows = repo.list_records(s, actor, "trainings")
        linked: dict[int, int] = {}
        for a in repo.list_records(s, actor, "training_attendees"):
            linked[a["training_id"]] = linked.get(a["training_id"], 0) + 1
        regions = repo.list_records(s, actor, "regions")
    return render(request, "trainings.html", status_code=status_code, page_path="/trainings",
                  trainings=rows, linked=linked, regions=regions, kinds=TRAINING_KINDS,
                  labels=GROUP_LABELS, count_fields=COUNT_FIELDS, problems=list(problems),
                  values=values or {})


#: What the attendance forms call a gender, an age group and a kind of event.
GROUP_LABELS = {"female": N_("woman"), "male": N_("man"), "youth": N_("young person"),
                "adult": N_("adult"), "elderly": N_("elderly person"),
                "seminar": N_("seminar"), "field-demonstration": N_("field demonstration"),
                "training": N_("training"), "exchange-visit": N_("exchange visit")}
#: The counted (anonymous) attendance of a training, as the form edits it.
COUNT_FIELDS = ("counted_women", "counted_men", "counted_youth", "counted_elderly")
#: A new named attendee's columns (table ``people``).
PERSON_FIELDS = ("full_name", "gender", "age_group", "community_id", "phone")
#: A new training's columns.
TRAINING_FIELDS = ("region_id", "kind", "held_on", "place", "topic", *COUNT_FIELDS)
#: Most people offered in the attendance form's list (the region's, by name).
MAX_PEOPLE_LISTED = 500


def _training_page(request: Request, actor: Actor, training_id: int, problems=(),
                   values=None, status_code=200) -> HTMLResponse:
    """One training: counted attendance, the named attendees and the attendance forms."""
    from zhassyl.registry.models import AGE_GROUPS, GENDERS

    with registry(request).session(actor) as s:
        training = repo.get_record(s, actor, "trainings", training_id)
        links = repo.list_records(s, actor, "training_attendees", training_id=training_id)
        region = repo.get_record(s, actor, "regions", training["region_id"])
        communities = (repo.list_records(s, actor, "communities", region_id=region["id"])
                       if allowed(actor, "read", "communities") else [])
        attendees, people = [], []
        if allowed(actor, "read", "people"):   # personal data: only roles that need it
            attendees = sorted((repo.get_record(s, actor, "people", a["person_id"])
                                for a in links), key=lambda p: p["full_name"])
            linked = {a["person_id"] for a in links}
            for c in communities:
                people += [p for p in repo.list_records(s, actor, "people", community_id=c["id"])
                           if p["id"] not in linked]
            people = sorted(people, key=lambda p: p["full_name"])[:MAX_PEOPLE_LISTED]
    by_group: dict[str, int] = {}
    for p in attendees:
        by_group[p["gender"]] = by_group.get(p["gender"], 0) + 1
        by_group[p["age_group"]] = by_group.get(p["age_group"], 0) + 1
    return render(request, "training.html", status_code=status_code,
                  page_path=f"/trainings/{training_id}", training=training, region=region,
                  n_linked=len(links), attendees=attendees, people=people,
                  communities=communities, by_group=by_group, genders=GENDERS,
                  age_groups=AGE_GROUPS, labels=GROUP_LABELS, count_fields=COUNT_FIELDS,
                  problems=list(problems), values=values or {})


@router.get("/trainings/{training_id}", response_class=HTMLResponse)
def training(request: Request, training_id: RowId,
             actor: Annotated[Actor, Depends(Guard("read", "trainings"))]):
    """A training with its attendance (names only for roles that may read people)."""
    return _training_page(request, actor, training_id)


@router.post("/trainings", response_class=HTMLResponse, dependencies=[Depends(csrf)])
async def create_training(request: Request,
                          actor: Annotated[Actor, Depends(Guard("create", "trainings"))]):
    """Register a training or demonstration (nothing stored when a value is wrong)."""
    from starlette.concurrency import run_in_threadpool

    values = _form_values(await request.form())
    row = {k: (values.get(k) or None) for k in TRAINING_FIELDS}
    for k in COUNT_FIELDS:
        row[k] = row[k] or 0

    def store():
        with registry(request).session(actor) as s:
            return repo.create_record(s, actor, "trainings", row)

    try:
        made = await run_in_threadpool(store)
    except InputError as exc:
        return _trainings_page(request, actor, exc.problems, values, 422)
    return RedirectResponse(f"/trainings/{made['id']}", status_code=303)


@router.post("/trainings/{training_id}/attendees", response_class=HTMLResponse,
             dependencies=[Depends(csrf)])
async def record_attendee(request: Request, training_id: RowId,
                          actor: Annotated[Actor, Depends(Guard("create",
                                                                "training_attendees"))]):
    """Record who attended: a registered person, or a new one with gender and age group.

    Both rows (the person and the attendance) are written in one transaction through
    the repositories, so the policy decides (an agronomist links people but does not
    register them) and the audit log keeps who recorded what; nothing is stored when
    a value is wrong.
    """
    from starlette.concurrency import run_in_threadpool

    values = _form_values(await request.form())
    lang = request.state.lang

    def store():
        with registry(request).session(actor) as s:
            repo.get_record(s, actor, "trainings", training_id)
            person_id = values.get("person_id") or None
            if person_id is None:
                if not values.get("full_name"):
                    raise InputError(Problem("training_attendees", None, "person_id", gettext(
                        "choose a registered person or give the new attendee's name", lang)))
                person = repo.create_record(s, actor, "people", {
                    k: (values.get(k) or None) for k in PERSON_FIELDS})
                person_id = person["id"]
            try:
                person_id = int(person_id)
                repo.get_record(s, actor, "people", person_id)
            except (ValueError, repo.NotFound):
                raise InputError(Problem("training_attendees", None, "person_id", gettext(
                    "no such person", lang))) from None
            if repo.list_records(s, actor, "training_attendees", training_id=training_id,
                                 person_id=person_id):
                raise InputError(Problem("training_attendees", None, "person_id", gettext(
                    "this person is already recorded at this training", lang)))
            return repo.create_record(s, actor, "training_attendees",
                                      {"training_id": training_id, "person_id": person_id})

    try:
        await run_in_threadpool(store)
    except InputError as exc:
        return _training_page(request, actor, training_id, exc.problems, values, 422)
    return RedirectResponse(f"/trainings/{training_id}", status_code=303)


@router.post("/trainings/{training_id}/counts", response_class=HTMLResponse,
             dependencies=[Depends(csrf)])
async def record_counts(request: Request, training_id: RowId,
                        actor: Annotated[Actor, Depends(Guard("update", "trainings"))]):
    """Record the anonymous attendance counted at the event (women, men, youth, elderly)."""
    from starlette.concurrency import run_in_threadpool

    values = _form_values(await request.form())
    changes = {k: values.get(k) or 0 for k in COUNT_FIELDS}

    def store():
        with registry(request).session(actor) as s:
            version = values.get("version")
            return repo.update_record(s, actor, "trainings", training_id, changes,
                                      expected_version=int(version) if version and
                                      version.isdigit() else None)

    try:
        await run_in_threadpool(store)
    except InputError as exc:
        return _training_page(request, actor, training_id, exc.problems, values, 422)
    return RedirectResponse(f"/trainings/{training_id}", status_code=303)


@router.get("/imports", response_class=HTMLResponse)
def imports_form(request: Request, actor: Annotated[Actor, Depends(Guard("import"))]):
    """The import form (CSV, XLSX or GeoJSON)."""
    return render(request, "imports.html", problems=[], counts=None)


@router.post("/imports", response_class=HTMLResponse, dependencies=[Depends(csrf)])
async def imports(request: Request, actor: Annotated[Actor, Depends(Guard("import"))]):
    """Import a file in one transaction: every row-level problem listed, nothing stored."""
    from starlette.concurrency import run_in_threadpool

    from zhassyl.registry.importexport import import_path

    form = await request.form()
    upload, table = form.get("file"), form.get("table") or None
    if upload is None or not hasattr(upload, "read"):
        return render(request, "imports.html", status_code=422, counts=None, problems=[
            Problem("file", None, None, gettext("choose a file", request.state.lang))])
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    name = Path(upload.filename or "upload.csv").name

    def store():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data[:MAX_UPLOAD_BYTES])
            with registry(request).session(actor) as s:
                return import_path(s, actor, path, table if isinstance(table, str) else None)

    try:
        counts = await run_in_threadpool(store)
    except InputError as exc:
        return render(request, "imports.html", status_code=422, counts=None,
                      problems=exc.problems)
    return render(request, "imports.html", counts=counts, problems=[])


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, actor: Annotated[Actor, Depends(Guard("read_audit", "audit_log"))],
          table: Annotated[str | None, Query(max_length=40)] = None,
          page: Annotated[int, Query(ge=1, le=100000)] = 1):
    """The audit log, newest first (director and auditor)."""
    size = 50
    with registry(request).session(actor) as s:
        rows = repo.audit_entries(s, actor, table=table or None)
    rows.reverse()
    pages = max(1, -(-len(rows) // size))
    shown = rows[(page - 1) * size: page * size]
    for r in shown:
        for k in ("old_values", "new_values"):
            r[k] = json.loads(r[k]) if r[k] else None
    return render(request, "audit.html", entries=shown, page=page, pages=pages,
                  table=table or "")


#: Production levels the impact figures may be run at (a calibration belongs to one field).
IMPACT_LEVEL = Query(pattern="^(potential|farm)$")


def _programme(request: Request, actor: Actor):
    """The registry snapshot as ``actor`` may see it (the viewer: aggregates only)."""
    from zhassyl.impact.programme import load_programme

    with registry(request).session(actor) as s:
        return load_programme(s, actor)


def _claim_verdicts(request: Request, actor: Actor, prog, level: str) -> list[dict]:
    """The case study's claims audited against the programme, cached per scope and level."""
    from zhassyl.impact.claims import audit, case_study_claims, programme_context

    lang = request.state.lang
    cache = request.app.state.claims
    key = (actor.role, actor.farm_id, level, lang)
    with cache["lock"]:
        if key not in cache:
            simulate = services.cached_simulate(request.app.state.model_runs, level)
            verdicts = audit(case_study_claims(),
                             programme_context(prog, simulate, lang, level), lang)
            cache[key] = [v.record() for v in verdicts]
        return cache[key]


@router.get("/impact", response_class=HTMLResponse)
def impact(request: Request, actor: Annotated[Actor, Depends(Guard("aggregate"))],
           region: Annotated[str | None, Query(max_length=40)] = None,
           level: Annotated[str, IMPACT_LEVEL] = services.DEFAULT_LEVEL):
    """The programme's headline KPIs with provenance (measured, modelled, mixed)."""
    from zhassyl.impact.kpi import compute_kpis
    from zhassyl.report.impact import HEADLINE
    from zhassyl.report.labels import kpi_labels, unit_labels

    lang = request.state.lang
    prog = _programme(request, actor)
    sel = prog.select(region or None, None)
    kpis = compute_kpis(sel, services.cached_simulate(request.app.state.model_runs, level),
                        lang, level)
    labels, units = kpi_labels(lang), unit_labels(lang)
    rows = [{**k.record(), "label": labels.get(k.id, k.id), "unit": units.get(k.unit, k.unit)}
            for k in kpis if k.id in HEADLINE]
    query = urlencode([("region", region or ""), ("level", level), ("lang", lang)])
    return render(request, "impact.html", kpis=rows, region=region or "", level=level,
                  regions=prog.table("regions"), levels=("farm", "potential"), query=query)


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, actor: Annotated[Actor, Depends(Guard("aggregate"))],
           level: Annotated[str, IMPACT_LEVEL] = services.DEFAULT_LEVEL):
    """The case study's key-impact claims with their verdicts (``claims check --case-study``)."""
    records = _claim_verdicts(request, actor, _programme(request, actor), level)
    return render(request, "claims.html", claims=records, level=level)


def _report_data(request: Request, actor: Actor, lang: str, region: str | None,
                 level: str) -> dict:
    """The impact report's data (money only for roles that may read it)."""
    from zhassyl.registry.policy import MONEY_TABLES
    from zhassyl.registry.repositories import ledger_records
    from zhassyl.report.impact import report_data

    with registry(request).session(actor) as s:
        from zhassyl.impact.programme import load_programme

        prog = load_programme(s, actor)
        money = all(allowed(actor, "read", t) for t in MONEY_TABLES)
        ledger = ledger_records(s, actor) if money else None
    prog.select(region, None)  # validates the region before any model run
    return report_data(prog, lang=lang, region=region, period=None, ledger=ledger, level=level,
                       simulate=services.cached_simulate(request.app.state.model_runs, level))


@router.get("/impact/report.pdf")
def impact_report_pdf(request: Request, actor: Annotated[Actor, Depends(Guard("aggregate"))],
                      lang: Annotated[str | None, Query(pattern="^(kk|ru|en)$")] = None,
                      region: Annotated[str | None, Query(max_length=40)] = None,
                      level: Annotated[str, IMPACT_LEVEL] = services.DEFAULT_LEVEL):
    """The impact report as PDF in kk, ru or en (``zhassyl report impact --format pdf``)."""
    from zhassyl.report.html import render_impact_html
    from zhassyl.report.pdf import html_to_pdf

    lang = lang or request.state.lang
    pdf = html_to_pdf(render_impact_html(_report_data(request, actor, lang, region or None,
                                                      level)))
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="impact-report-{lang}.pdf"'})


@router.get("/impact/report.xlsx")
def impact_report_xlsx(request: Request, actor: Annotated[Actor, Depends(Guard("aggregate"))],
                       lang: Annotated[str | None, Query(pattern="^(kk|ru|en)$")] = None,
                       region: Annotated[str | None, Query(max_length=40)] = None,
                       level: Annotated[str, IMPACT_LEVEL] = services.DEFAULT_LEVEL):
    """The impact report as an XLSX workbook (``zhassyl report impact --format xlsx``)."""
    from zhassyl.report.xlsx import impact_xlsx

    lang = lang or request.state.lang
    body = impact_xlsx(_report_data(request, actor, lang, region or None, level))
    return Response(body, media_type="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet", headers={
                        "Content-Disposition":
                            f'attachment; filename="impact-report-{lang}.xlsx"'})
