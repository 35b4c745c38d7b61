"""Signed sessions, CSRF tokens, API tokens, the sign-in rate limit and security headers.

Sessions are a signed cookie (``itsdangerous``, HMAC-SHA1 over the payload
with the settings' secret key) holding a random session id and, once signed
in, the user name; the account is looked up on every request, so disabling a
user ends their sessions.  CSRF tokens are ``HMAC-SHA256(secret, session id)``
(the "synchronizer token" pattern of the OWASP CSRF cheat sheet, bound to the
session): every form carries one and every unsafe form request is refused
without it.  API tokens are signed, time-limited user names.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "zhassyl_session"
LANG_COOKIE = "zhassyl_lang"
CSRF_FIELD = "csrf_token"

#: Content-Security-Policy: nothing inline, nothing from elsewhere, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass(frozen=True)
class SessionData:
    """The content of the session cookie."""

    sid: str
    user: str | None = None


class Signer:
    """Signs and checks session cookies and API tokens with one secret key."""

    def __init__(self, secret_key: str):
        self._secret = secret_key.encode()
        self._sessions = URLSafeTimedSerializer(secret_key, salt="zhassyl-session")
        self._tokens = URLSafeTimedSerializer(secret_key, salt="zhassyl-api-token")

    def new_session(self, user: str | None = None) -> SessionData:
        """A fresh session (new id: sign-in rotates it against session fixation)."""
        return SessionData(secrets.token_urlsafe(18), user)

    def dump_session(self, session: SessionData) -> str:
        """The cookie value of ``session``."""
        return self._sessions.dumps({"sid": session.sid, "user": session.user})

    def load_session(self, value: str | None, max_age_s: int) -> SessionData | None:
        """The session in a cookie value, ``None`` if absent, forged or expired."""
        if not value:
            return None
        try:
            data = self._sessions.loads(value, max_age=max_age_s)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("sid"), str):
            return None
        user = data.get("user")
        return SessionData(data["sid"], user if isinstance(user, str) else None)

    def csrf_token(self, session: SessionData) -> str:
        """The CSRF token of ``session``."""
        return hmac.new(self._secret, b"csrf:" + session.sid.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: SessionData | None, token: str | None) -> bool:
        """Whether ``token`` is the CSRF token of ``session`` (constant-time comparison)."""
        if session is None or not token:
            return False
        return hmac.compare_digest(self.csrf_token(session), token)

    def api_token(self, user: str) -> str:
        """A bearer token for ``user``."""
        return self._tokens.dumps({"user": user})

    def load_api_token(self, token: str, max_age_s: int) -> str | None:
        """The user name of a valid, unexpired token."""
        try:
            data = self._tokens.loads(token, max_age=max_age_s)
        except BadSignature:
            return None
        user = data.get("user") if isinstance(data, dict) else None
        return user if isinstance(user, str) else None


class RateLimiter:
    """Failed sign-ins per key in a sliding window (in memory, per server process).

    Parameters
    ----------
    attempts : int
        Failures allowed within ``window_s`` before the key is refused.
    window_s : float
        Window length [s].
    clock : callable
        Monotonic time source (injected by tests).
    """

    def __init__(self, attempts: int, window_s: float, clock=time.monotonic):
        self.attempts, self.window_s, self._clock = attempts, window_s, clock
        self._failures: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque:
        q = self._failures.setdefault(key, deque())
        limit = self._clock() - self.window_s
        while q and q[0] < limit:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> bool:
        """Whether any of ``keys`` has used up its attempts."""
        with self._lock:
            return any(len(self._recent(k)) >= self.attempts for k in keys)

    def failed(self, *keys: str) -> None:
        """Record a failed attempt for each of ``keys``."""
        with self._lock:
            now = self._clock()
            for k in keys:
                self._recent(k).append(now)

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of ``keys``."""
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)
