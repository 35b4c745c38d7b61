"""Placeholder for the `zhassyl aquacrop` command (not yet built)."""


def register(subparsers) -> None:  # noqa: D103
    return None
