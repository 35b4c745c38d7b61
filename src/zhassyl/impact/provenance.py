"""What an impact figure stands for: measured, modelled or mixed, and from what.

``measured``: computed from registry records only (counts, meters, surveys,
samples).  ``modelled``: computed from model runs only (simulated practice vs
simulated counterfactual).  ``mixed``: records combined with model runs or
with parameters from data files (a meter reading against a simulated
counterfactual; a measured yield against a simulated potential).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

KINDS = ("measured", "modelled", "mixed")


@dataclass(frozen=True)
class Provenance:
    """Where a figure comes from.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    records : tuple of (table, id)
        Registry rows the figure was computed from.
    model_runs : tuple of str
        Model runs (system, region, production level, weather seeds, version).
    level : str, optional
        Production level of the modelled part (``potential`` today).
    sources : tuple of str
        Data files and parameters used (restoration criteria, ration, ...).
    note : str
        What is left out or assumed.
    """

    kind: str
    records: tuple[tuple[str, int], ...] = ()
    model_runs: tuple[str, ...] = ()
    level: str | None = None
    sources: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"provenance kind {self.kind!r} not in {KINDS}")

    def record_counts(self) -> dict[str, int]:
        """Number of records used per table."""
        counts: dict[str, int] = defaultdict(int)
        for table, _id in self.records:
            counts[table] += 1
        return dict(counts)

    def summary(self) -> str:
        """One line: counts of records per table and the model runs."""
        parts = [f"{t}: {n}" for t, n in sorted(self.record_counts().items())]
        if self.model_runs:
            parts.append(f"model runs: {len(self.model_runs)} (level {self.level})")
        return "; ".join(parts)
