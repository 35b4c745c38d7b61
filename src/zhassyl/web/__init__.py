"""The web app: server-rendered pages and a JSON API over the registry and the scenario layer.

Modules: :mod:`~zhassyl.web.app` (the app factory :func:`create_app`),
:mod:`~zhassyl.web.settings` (injected settings), :mod:`~zhassyl.web.security`
(sessions, CSRF, API tokens, sign-in rate limit, security headers),
:mod:`~zhassyl.web.deps` (request dependencies: who is acting, route guards
that ask :mod:`zhassyl.registry.policy`), :mod:`~zhassyl.web.pages` (HTML),
:mod:`~zhassyl.web.api` (JSON), :mod:`~zhassyl.web.services` (the one place
that calls the model), :mod:`~zhassyl.web.charts` (SVG charts and field maps),
:mod:`~zhassyl.web.locale` (language choice, Babel formatting), :mod:`~zhassyl.web.plan`
(the field plan, HTML and PDF).  Templates and
static assets ship inside the package; nothing is fetched from a CDN.
See ``docs/web.md``.
"""
