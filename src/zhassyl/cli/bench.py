"""Placeholder for the `zhassyl bench` command (not yet built)."""


def register(subparsers) -> None:  # noqa: D103
    return None
