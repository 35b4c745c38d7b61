"""Request dependencies: the registry, who is acting, route guards and CSRF checks.

Every route declares one :class:`Guard`: the policy operation and table it
needs (``zhassyl.registry.policy`` decides), or :data:`PUBLIC`.  The route x
role matrix test enumerates the app's routes and fails on a route without one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request

from zhassyl.i18n import _
from zhassyl.registry.db import Registry
from zhassyl.registry.policy import Actor, PermissionDenied, allowed
from zhassyl.web.security import CSRF_FIELD, Signer
from zhassyl.web.settings import WebSettings

#: A row id in a path: a positive 32-bit integer (what every database stores).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class NotSignedIn(Exception):
    """The route needs a signed-in user (pages redirect to /login, the API answers 401)."""


class CsrfRefused(Exception):
    """An unsafe form request without the session's CSRF token."""


def registry(request: Request) -> Registry:
    """The registry the app was created with."""
    return request.app.state.registry


def settings(request: Request) -> WebSettings:
    """The app's settings."""
    return request.app.state.settings


def signer(request: Request) -> Signer:
    """The app's signer (sessions, CSRF, API tokens)."""
    return request.app.state.signer


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header."""
    header = request.headers.get("authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_actor(request: Request) -> Actor | None:
    """The signed-in user (API token first, then session cookie), ``None`` if anonymous."""
    if "actor" in request.state._state:
        return request.state.actor
    from zhassyl.registry.users import actor_of

    name = None
    token = bearer_token(request)
    if token:
        name = signer(request).load_api_token(token, settings(request).token_max_age_s)
    elif getattr(request.state, "session", None) is not None:
        name = request.state.session.user
    actor = None
    if name:
        with registry(request).sessions() as s:
            actor = actor_of(s, name)
    request.state.actor = actor
    return actor


class Guard:
    """A route's authorisation decision: ``operation`` on ``table`` per the registry policy.

    ``operation=None`` marks a public route (no sign-in needed).
    """

    def __init__(self, operation: str | None, table: str | None = None):
        self.operation, self.table = operation, table

    def __repr__(self) -> str:
        return f"Guard({self.operation!r}, {self.table!r})"

    def __call__(self, request: Request) -> Actor | None:
        actor = current_actor(request)
        if self.operation is None:
            return actor
        if actor is None:
            raise NotSignedIn()
        if not allowed(actor, self.operation, self.table):
            raise PermissionDenied(_(
                "permission denied: role '{role}' may not {operation} {table}").format(
                role=actor.role, operation=self.operation, table=self.table or "the database"))
        return actor


PUBLIC = Guard(None)


async def csrf(request: Request) -> None:
    """Refuse an unsafe request whose form (or X-CSRF-Token header) lacks the session's token."""
    token = request.headers.get("x-csrf-token")
    if token is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not signer(request).csrf_ok(getattr(request.state, "session", None), token):
        raise CsrfRefused()
