"""Zhassyl: restoring salinised irrigated farmland with alfalfa under green cover.

Layers (see docs/architecture.md): ``weather`` (files, FAO-56 ET0, regional
climate, weather generator), ``engine`` (daily simulation over N fields),
``carbon``, ``economics``, ``registry``, ``cli``.
"""

__version__ = "0.1.0"
