"""The JSON API under ``/api`` (OpenAPI at ``/openapi.json``), bearer-token authentication.

``POST /api/token`` takes the OAuth2 password form (``username``, ``password``)
and returns ``{"access_token", "token_type": "bearer"}``; every other route
wants ``Authorization: Bearer <token>``.  Errors are ``{"detail": message}``
(plus ``problems`` for invalid input), never a stack trace.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from zhassyl.i18n import LANGUAGES, _
from zhassyl.registry import repositories as repo
from zhassyl.registry.policy import Actor
from zhassyl.web import services
from zhassyl.web.deps import PUBLIC, Guard, RowId, registry, signer

#: Declares the bearer scheme in the OpenAPI document (the guards do the checking).
_bearer = HTTPBearer(auto_error=False)
router = APIRouter(prefix="/api", dependencies=[Depends(_bearer)])
health_router = APIRouter()


class Token(BaseModel):
    """An OAuth2 bearer token."""

    access_token: str
    token_type: str = "bearer"


class ErrorBody(BaseModel):
    """An error: a message, and for invalid input the problems found."""

    detail: str
    problems: list[dict[str, Any]] | None = None


class ScenarioRequest(BaseModel):
    """What to simulate."""

    region: str = Field(min_length=1, max_length=40, examples=["kyzylorda"])
    systems: list[str] = Field(min_length=1, max_length=5,
                               examples=[["green-cover-alfalfa", "rice-flood"]])
    years: int = Field(ge=1, le=30, examples=[5])
    field_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    level: str | None = Field(default=None, max_length=20,
                              examples=["farm"])
    baseline: str | None = Field(default=None, max_length=40)
    irrigation_method: str | None = Field(default=None, max_length=20,
                                          examples=["sprinkler"])


class ScenarioResponse(BaseModel):
    """One record per system and year (the keys of ``zhassyl compare --format json``)."""

    records: list[dict[str, Any]]
    provenance: dict[str, Any]


ERRORS = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody},
          422: {"model": ErrorBody}}


@router.post("/token", response_model=Token, responses={401: {"model": ErrorBody},
                                                        429: {"model": ErrorBody}})
def token(request: Request, actor: Annotated[Actor | None, Depends(PUBLIC)],
          username: Annotated[str, Form(max_length=120)],
          password: Annotated[str, Form(max_length=1000)],
          grant_type: Annotated[str | None, Form(pattern="^password$")] = None):
    """A bearer token for a user name and password (OAuth2 password grant)."""
    from zhassyl.registry.users import authenticate

    limiter = request.app.state.login_limiter
    client = request.client.host if request.client else "unknown"
    keys = ("user:" + username.lower(), "ip:" + client)
    if limiter.blocked(*keys):
        return JSONResponse({"detail": _("too many failed sign-ins; wait a few minutes")},
                            status_code=429)
    with registry(request).sessions() as s:
        who = authenticate(s, username, password)
    if who is None:
        limiter.failed(*keys)
        return JSONResponse({"detail": _("wrong user name or password")}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    limiter.succeeded(keys[0])
    return Token(access_token=signer(request).api_token(who.name))


@router.get("/farms", responses=ERRORS)
def farms(request: Request, actor: Annotated[Actor, Depends(Guard("read", "farms"))],
          region: str | None = None) -> list[dict[str, Any]]:
    """Farms the user may see, with region, community and field area."""
    with registry(request).session(actor) as s:
        return repo.list_farms(s, actor, region=region)


@router.get("/farms/{farm_id}", responses=ERRORS)
def farm(request: Request, farm_id: RowId,
         actor: Annotated[Actor, Depends(Guard("read", "farms"))]) -> dict[str, Any]:
    """One farm with the ids of its fields."""
    from zhassyl.registry.policy import authorize

    with registry(request).session(actor) as s:
        authorize(actor, "read", "farms", session=s, row={"id": farm_id})
        row = repo.get_record(s, actor, "farms", farm_id)
        row["field_ids"] = [f["id"] for f in repo.list_records(s, actor, "fields",
                                                                farm_id=farm_id)]
    return row


@router.get("/fields/{field_id}", responses=ERRORS)
def field(request: Request, field_id: RowId,
          actor: Annotated[Actor, Depends(Guard("read", "fields"))]) -> dict[str, Any]:
    """One field (geometry as GeoJSON) with its seasons."""
    import json

    with registry(request).session(actor) as s:
        row = repo.get_record(s, actor, "fields", field_id)
        row["geometry"] = json.loads(row["geometry"])
        row["seasons"] = repo.list_records(s, actor, "seasons", field_id=field_id)
    return row


@router.get("/summary", responses=ERRORS)
def summary(request: Request,
            actor: Annotated[Actor, Depends(Guard("aggregate"))]) -> dict[str, Any]:
    """The programme's aggregate figures (no personal data)."""
    with registry(request).session(actor) as s:
        return repo.programme_summary(s, actor)


@router.post("/scenarios", response_model=ScenarioResponse, responses=ERRORS)
def scenarios(request: Request, body: ScenarioRequest,
              actor: Annotated[Actor, Depends(Guard("simulate"))]) -> ScenarioResponse:
    """Simulate systems on a region or a registered field, year by year."""
    inputs = None
    if body.field_id is not None:
        with registry(request).session(actor) as s:
            fld = repo.get_record(s, actor, "fields", body.field_id)
            inputs = services.field_inputs(s, actor, fld, body.level)
    sc = services.request_scenario(body.region, body.systems, body.years, body.level,
                                   field=inputs, baseline=body.baseline,
                                   irrigation_method=body.irrigation_method)
    records, prov = services.scenario_records(sc)
    return ScenarioResponse(records=records, provenance=prov)


@health_router.get("/healthz")
def healthz(request: Request, actor: Annotated[Actor | None, Depends(PUBLIC)]
            ) -> dict[str, Any]:
    """Liveness and database check."""
    from sqlalchemy import text

    with registry(request).sessions() as s:
        s.execute(text("SELECT 1"))
    return {"status": "ok", "languages": list(LANGUAGES)}
