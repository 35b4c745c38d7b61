"""``zhassyl serve``: the web app on the registry ``ZHASSYL_DATABASE_URL`` names."""

from __future__ import annotations

import argparse
import os

from zhassyl.cli.db import add_connection_options
from zhassyl.cli.validate import PORT, SERVER_WORKERS
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``serve`` sub-command."""
    p = subparsers.add_parser(
        "serve", help=_("serve the web app"),
        description=_("Serve the web app (pages and JSON API) on the registry database. "
                      "The engine is warmed at start so that the first scenario does not wait."))
    p.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default "
                                                         "127.0.0.1)"))
    p.add_argument("--port", type=PORT, default=8000, help=_("port (default 8000)"))
    p.add_argument("--demo", action="store_true",
                   help=_("create the database and seed the demo programme and its users when "
                          "it holds no farms; print the demo sign-ins"))
    p.add_argument("--workers", type=SERVER_WORKERS, default=1,
                   help=_("server processes (default 1); they share ZHASSYL_SECRET_KEY"))
    p.add_argument("--no-warm", action="store_true",
                   help=_("do not warm the engine at start"))
    add_connection_options(p)
    p.set_defaults(func=run)


def seed_demo_if_empty(args: argparse.Namespace) -> str | None:
    """Migrate; seed demo programme and users into an empty registry; return the password."""
    from sqlalchemy import func, select

    from zhassyl.cli.db import actor_from, open_registry
    from zhassyl.registry import demo, models, users
    from zhassyl.registry.db import migrate

    actor = actor_from(args)
    registry = open_registry(args, require_schema=False)
    migrate(registry.engine)
    password = os.environ.get("ZHASSYL_DEMO_PASSWORD") or None
    with registry.session(actor) as s:
        if not s.scalar(select(func.count()).select_from(models.Farm)):
            counts = demo.seed(s, actor)
            print(_("seeded the SYNTHETIC demo programme (invented data): {rows} rows").format(
                rows=sum(counts.values())))
        if not s.scalar(select(func.count()).select_from(users.User)):
            password = password or users.demo_password()
            users.seed_demo_users(s, actor, password)
    registry.engine.dispose()
    return password


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    import secrets

    import uvicorn

    from zhassyl.registry.users import DEMO_USERS
    from zhassyl.web.app import create_app
    from zhassyl.web.settings import WebSettings

    password = seed_demo_if_empty(args) if args.demo else None
    if args.database_url:
        os.environ["ZHASSYL_DATABASE_URL"] = args.database_url
    if args.no_warm:
        os.environ["ZHASSYL_NO_WARM"] = "1"
    # every worker must sign and check cookies with the same key
    os.environ.setdefault("ZHASSYL_SECRET_KEY", secrets.token_urlsafe(32))
    app = create_app(WebSettings.from_env(warm_engine=False)) if args.workers == 1 else None
    print(_("Zhassyl web app: http://{host}:{port}/").format(host=args.host, port=args.port),
          flush=True)
    if args.demo:
        names = ", ".join(name for name, _role in DEMO_USERS)
        print(_("demo sign-ins (user name = role): {names}").format(names=names))
        if password:
            print(_("demo password: {password}").format(password=password), flush=True)
    if app is not None:
        if not args.no_warm:
            from zhassyl.web.services import warm_engine

            warm_engine()
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    else:
        uvicorn.run("zhassyl.web.app:app_from_env", factory=True, host=args.host,
                    port=args.port, workers=args.workers, log_level="warning")
    return 0
