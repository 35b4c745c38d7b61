"""placeholder"""


def register(subparsers) -> None:
    """Added later."""
