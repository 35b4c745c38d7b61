"""Settings of the web app, passed to :func:`zhassyl.web.app.create_app` (never global)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WebSettings:
    """Everything the web app needs to know about its deployment.

    Parameters
    ----------
    database_url : str, optional
        Registry URL; ``None`` selects ``$ZHASSYL_DATABASE_URL`` or the embedded SQLite file.
    secret_key : str
        Key that signs session cookies, CSRF tokens and API tokens (random per
        process unless ``ZHASSYL_SECRET_KEY`` is set: sessions then end on restart).
    https : bool
        Served over HTTPS: cookies get the ``Secure`` flag and HSTS is sent.
    session_max_age_s, token_max_age_s : int
        Lifetime of a signed-in session and of an API token [s].
    login_attempts, login_window_s : int
        At most ``login_attempts`` failed sign-ins per user name and per client
        address within ``login_window_s`` seconds; more are refused (429).
    warm_engine : bool
        Run a one-year scenario at start so that the first user does not wait
        for the engine's compilation.
    page_size : int
        Rows per page of long lists.
    warm_aggregates : bool
        Compute the dashboard's programme-wide aggregates at start (they are then
        kept until the audit log grows: every write invalidates them).
    """

    database_url: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    https: bool = False
    session_max_age_s: int = 12 * 3600
    token_max_age_s: int = 8 * 3600
    login_attempts: int = 5
    login_window_s: int = 300
    warm_engine: bool = True
    page_size: int = 25
    warm_aggregates: bool = True

    @classmethod
    def from_env(cls, **overrides) -> WebSettings:
        """Settings from ``ZHASSYL_SECRET_KEY``, ``ZHASSYL_HTTPS`` and ``ZHASSYL_NO_WARM``,
        then ``overrides``."""
        values: dict = {}
        if os.environ.get("ZHASSYL_NO_WARM", "").lower() in ("1", "true", "yes"):
            values["warm_engine"] = False
        if os.environ.get("ZHASSYL_SECRET_KEY"):
            values["secret_key"] = os.environ["ZHASSYL_SECRET_KEY"]
        if os.environ.get("ZHASSYL_HTTPS", "").lower() in ("1", "true", "yes"):
            values["https"] = True
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
