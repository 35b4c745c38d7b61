"""Reader of AquaCrop irrigation files (``.IRR``).

Layout as read by AquaCrop 7.3 (``LoadIrriScheduleInfo`` in ``global.f90``,
``InitializeSimulationRunPart2`` in ``run.f90``): a description, the version,
the irrigation method (1 sprinkler, 2 basin, 3 border, 4 furrow, 5 drip), the
percentage of the soil surface wetted, the irrigation mode (0 none,
1 specified events, 2 generated, 3 net requirement); for specified events
(version >= 7.0) the day number of day 1 of the list (-9: the first day of the
cropping period), two title lines, then one event per line: day, net depth
(mm) and ECw (dS/m).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from zhassyl.aquacrop._common import LineFile, optional, version_tenths
from zhassyl.i18n import _


class IrrigationMode(enum.Enum):
    """AquaCrop's irrigation mode (line 5)."""

    NONE = 0
    EVENTS = 1
    GENERATED = 2
    NET_REQUIREMENT = 3


@dataclass(frozen=True)
class IrrigationEvent:
    day: int
    """Day of the event, 1 = day 1 of the list."""
    depth_mm: float
    """Net application depth [mm]."""
    ecw_ds_m: float
    """Electrical conductivity of the irrigation water [dS/m]."""


@dataclass(frozen=True)
class IrrigationSchedule:
    source: str
    description: str
    version: float
    method: int
    """1 sprinkler, 2 basin, 3 border, 4 furrow, 5 drip."""
    wetted_pct: int
    """Percentage of the soil surface wetted by irrigation."""
    mode: IrrigationMode
    list_day1_day_number: int | None
    """AquaCrop day number of day 1 of the event list; None: first day of the crop."""
    events: tuple[IrrigationEvent, ...]
    events_first_row: int
    """Line of the first event (for messages)."""


def read_irrigation(path: str | Path) -> IrrigationSchedule:
    """Read an AquaCrop ``.IRR`` file; events are read for mode 1 only."""
    f = LineFile(path)
    description = f.next_text("description").strip()
    version = f.next_float("AquaCrop version", 0)
    f.check_version(version, 5.0)
    method = f.next_int("irrigation method", 1, 5)
    wetted = f.next_int("soil surface wetted", 1, 100)
    mode = f.next_code("irrigation mode", {m.value: m for m in IrrigationMode})
    day1 = None
    events: list[IrrigationEvent] = []
    if mode is IrrigationMode.EVENTS:
        if version_tenths(version) >= 70:
            day1 = optional(f.next_int("day number of day 1 of the list", 1, allowed=(-9,)))
        f.skip(2, "title of the irrigation events")
        first = f.row + 1
        while f.row < len(f.lines):
            text = f.next_text("irrigation event")
            words = text.split()
            if not words:
                continue
            if len(words) < 3:
                f.problem(f.row, "irrigation event",
                          _("expected {count} values on this line, found {found}").format(
                              count=3, found=len(words)))
                continue
            events.append(IrrigationEvent(
                f.to_int(words[0], f.row, "day", 1),
                f.to_float(words[1], f.row, "depth (mm)", 0),
                f.to_float(words[2], f.row, "ECw (dS/m)", 0)))
    else:
        first = f.row + 1
        f.row = len(f.lines)
    f.finish()
    return IrrigationSchedule(source=str(path), description=description, version=version,
                              method=method, wetted_pct=wetted, mode=mode,
                              list_day1_day_number=day1, events=tuple(events),
                              events_first_row=first)
