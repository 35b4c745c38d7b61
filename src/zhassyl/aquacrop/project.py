"""Reader of AquaCrop project files: ``.PRM`` (several runs) and ``.PRO`` (one run).

Layout as read by AquaCrop (``read_project_file`` in ``project_input.f90``):
a description, the version, then for each run 47 lines: the year of
cultivation, the first and last day of the simulation period and of the
cropping period (AquaCrop day numbers), then 14 blocks of three lines (a
title, a file name, its directory) for climate, temperature, ETo, rain, CO2,
calendar, crop, irrigation, field management, soil, groundwater, initial
conditions, off-season conditions and field observations.

Special file names (from ``LoadSimulationRunProject`` in ``tempprocessing.f90``):

``(None)``
    No file.  For the soil AquaCrop then uses ``SIMUL/DEFAULT.SOL``; for the
    temperature it uses the default Tmin/Tmax of the program parameters; for
    the initial conditions the soil starts at field capacity (it does *not*
    keep the water of the previous run).
``KeepSWC``
    Initial conditions only: keep the soil water (and salt) profile reached
    at the end of the previous run.
``(External)``
    Data handed over at run time by a program that drives AquaCrop; a file
    reader cannot see them, so Zhassyl reports them as unsupported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from zhassyl.aquacrop._common import LineFile, date_from_day_number, find_file
from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _

NONE = "(None)"
EXTERNAL = "(External)"
KEEP_SOIL_WATER = "KeepSWC"

#: The 14 file blocks of a run, in file order: (attribute, what).
FILE_BLOCKS = (
    ("climate", "climate (CLI) file"),
    ("temperature", "temperature (Tnx) file"),
    ("eto", "reference ET (ETo) file"),
    ("rain", "rain (PLU) file"),
    ("co2", "CO2 file"),
    ("calendar", "calendar (CAL) file"),
    ("crop", "crop (CRO) file"),
    ("irrigation", "irrigation (IRR) file"),
    ("management", "field management (MAN) file"),
    ("soil", "soil profile (SOL) file"),
    ("groundwater", "groundwater (GWT) file"),
    ("initial_conditions", "initial conditions (SW0) file"),
    ("off_season", "off-season (OFF) file"),
    ("observations", "field data (OBS) file"),
)
LINES_PER_RUN = 5 + 3 * len(FILE_BLOCKS)


@dataclass(frozen=True)
class ProjectFile:
    """One input file of a project run, as written and as resolved."""

    kind: str
    """Which input: ``climate``, ``temperature``, ..., ``observations``."""
    name: str
    """As written: a file name, ``(None)``, ``(External)`` or ``KeepSWC``."""
    directory: str
    """As written (quotes removed); ``(None)`` or free text for special names."""
    path: Path | None
    """The file found, or None when there is none to read."""
    row: int
    """Line of the project file holding the name."""

    @property
    def is_none(self) -> bool:
        return self.name == NONE

    @property
    def is_external(self) -> bool:
        return self.name == EXTERNAL


@dataclass(frozen=True)
class ProjectRun:
    """One simulation run of a project (one season of a perennial crop)."""

    number: int
    """Run number, from 1."""
    first_row: int
    """Line of the project file where this run starts."""
    year_of_cultivation: int
    """1 = seeding/planting year; 2, 3, ... = later years of a perennial crop."""
    simulation_first_day_number: int
    simulation_last_day_number: int
    crop_first_day_number: int
    crop_last_day_number: int
    """Last day of the cropping period (maturity, or premature end)."""
    climate: ProjectFile
    temperature: ProjectFile
    eto: ProjectFile
    rain: ProjectFile
    co2: ProjectFile
    calendar: ProjectFile
    crop: ProjectFile
    irrigation: ProjectFile
    management: ProjectFile
    soil: ProjectFile
    groundwater: ProjectFile
    initial_conditions: ProjectFile
    off_season: ProjectFile
    observations: ProjectFile

    @property
    def keep_soil_water_of_previous_run(self) -> bool:
        """True when the run starts from the soil water and salt left by the previous run
        (``KeepSWC``); ``(None)`` instead means a profile at field capacity."""
        return self.initial_conditions.name == KEEP_SOIL_WATER

    @property
    def simulation_first_date(self) -> dt.date:
        return date_from_day_number(self.simulation_first_day_number)

    @property
    def simulation_last_date(self) -> dt.date:
        return date_from_day_number(self.simulation_last_day_number)

    @property
    def crop_first_date(self) -> dt.date:
        return date_from_day_number(self.crop_first_day_number)

    @property
    def crop_last_date(self) -> dt.date:
        return date_from_day_number(self.crop_last_day_number)

    def files(self) -> tuple[ProjectFile, ...]:
        """The 14 input files of the run, in file order."""
        return tuple(getattr(self, attribute) for attribute, _what in FILE_BLOCKS)


@dataclass(frozen=True)
class Project:
    """An AquaCrop project: its runs and where their files are."""

    source: str
    description: str
    version: float
    root: Path
    """The AquaCrop folder: the parent of the folder holding the project file."""
    runs: tuple[ProjectRun, ...]
    program_parameters: Path | None
    """``PARAM/<project>.PPn`` (``.PP1`` for a ``.PRO``) when it exists; otherwise
    AquaCrop uses its default program parameters."""

    def unsupported_options(self) -> list[Problem]:
        """Options of the runs that Zhassyl cannot honour, one problem each."""
        problems: list[Problem] = []
        messages = {
            "off_season": _("off-season condition files are not supported yet"),
        }
        for run in self.runs:
            for item in run.files():
                if item.is_external:
                    problems.append(Problem(self.source, item.row, item.kind, _(
                        "(External) data are handed over by a program driving AquaCrop "
                        "and cannot be read from files")))
                elif item.kind in ("eto", "rain") and item.is_none:
                    problems.append(Problem(self.source, item.row, item.kind, _(
                        "a run without an ETo or rain file is not supported")))
                elif (item.kind in messages and item.path is not None):
                    problems.append(Problem(self.source, item.row, item.kind,
                                            messages[item.kind]))
        return problems


def _strip_quotes(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    return text


def _search_folders(directory: str, project_dir: Path, root: Path) -> list[Path]:
    """Where a file of the project is looked for, in order (see :func:`read_project`)."""
    folders: list[Path] = []
    if directory and directory != NONE:
        given = Path(directory)
        if given.is_absolute():
            folders.append(given)
        else:
            folders.append(root / given)
        # A Windows path written on another machine: keep its last folder name.
        last = PureWindowsPath(directory).name
        if last and last not in (".", ".."):
            folders.append(root / last)
    folders += [project_dir, root / "DATA", root / "SIMUL", root / "OBS"]
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


def read_project(path: str | Path, *, strict: bool = True) -> Project:
    """Read an AquaCrop project file (``.PRM`` or ``.PRO``) and locate its files.

    Parameters
    ----------
    path : str or Path
        The project file, normally ``<AquaCrop folder>/LIST/<name>.PRM``.
    strict : bool
        When True (default), options Zhassyl cannot honour (see
        :meth:`Project.unsupported_options`) raise an error; when False they
        are only recorded in the result.

    Returns
    -------
    Project

    Notes
    -----
    AquaCrop joins each directory line to the file name and opens the result
    from its working folder, the AquaCrop folder that holds ``LIST/``,
    ``DATA/`` and ``SIMUL/``.  Zhassyl takes that folder to be the parent of
    the folder holding the project file (``root``) and looks for each file in
    this order, accepting a difference of letter case in the file name:

    1. the directory as written, if it is absolute, else ``root / directory``;
    2. ``root / <last folder name of the directory>`` (for Windows paths such as
       ``C:\\AquaCrop\\DATA\\`` written on another machine);
    3. the folder of the project file;
    4. ``root/DATA``, ``root/SIMUL``, ``root/OBS``.

    The current working folder is never consulted.  A soil of ``(None)`` is
    ``root/SIMUL/DEFAULT.SOL``, as in AquaCrop.  Day numbers count from
    1 January 1901 (day 1), see :func:`zhassyl.aquacrop.date_from_day_number`.

    Raises
    ------
    zhassyl.errors.InputError
        Missing lines, unparsable day numbers, periods that end before they
        start, files that cannot be found, and (if ``strict``) unsupported
        options; each problem names the line of the project file.
    """
    f = LineFile(path)
    project_dir = Path(path).resolve().parent
    root = project_dir.parent
    description = f.next_text("description").strip()
    version = f.next_float("AquaCrop version", 0)
    body = len(f.lines) - 2
    while body > 0 and not f.lines[1 + body].strip():
        body -= 1
    n_runs, leftover = divmod(body, LINES_PER_RUN)
    if n_runs == 0 or leftover:
        missing_row = 2 + body + 1
        raise f.fail(missing_row, f"run {n_runs + 1}",
                     _("the file ends before this line; expected: {what}").format(
                         what=_("a complete run of {count} lines").format(
                             count=LINES_PER_RUN)))
    runs = [_read_run(f, number, project_dir, root) for number in range(1, n_runs + 1)]
    f.finish()
    extension = Path(path).suffix.upper()
    parameters = find_file(Path(path).stem + (".PP1" if extension == ".PRO" else ".PPn"),
                           [root / "PARAM"])
    project = Project(source=str(path), description=description, version=version,
                      root=root, runs=tuple(runs), program_parameters=parameters)
    if strict:
        unsupported = project.unsupported_options()
        if unsupported:
            raise InputError(unsupported)
    return project


def _read_run(f: LineFile, number: int, project_dir: Path, root: Path) -> ProjectRun:
    first_row = f.row + 1
    year = f.next_int("year of cultivation", 1)
    sim_first = f.next_int("first day of simulation", 1)
    sim_last = f.next_int("last day of simulation", 1)
    crop_first = f.next_int("first day of cropping", 1)
    crop_last = f.next_int("last day of cropping", 1)
    if sim_last < sim_first:
        f.problem(first_row + 2, "last day of simulation",
                  _("the period ends before it starts"))
    if crop_last < crop_first:
        f.problem(first_row + 4, "last day of cropping",
                  _("the period ends before it starts"))
    files: dict[str, ProjectFile] = {}
    for attribute, what in FILE_BLOCKS:
        f.skip(1, what)
        name = _strip_quotes(f.next_text(what))
        row = f.row
        directory = _strip_quotes(f.next_text(what + " directory"))
        files[attribute] = ProjectFile(attribute, name, directory,
                                       _resolve(f, attribute, name, directory, row,
                                                project_dir, root), row)
    return ProjectRun(number=number, first_row=first_row, year_of_cultivation=year,
                      simulation_first_day_number=sim_first,
                      simulation_last_day_number=sim_last,
                      crop_first_day_number=crop_first, crop_last_day_number=crop_last,
                      **files)


def _resolve(f: LineFile, attribute: str, name: str, directory: str, row: int,
             project_dir: Path, root: Path) -> Path | None:
    if attribute == "soil" and name == NONE:
        name, directory = "DEFAULT.SOL", "SIMUL"
    if name in (NONE, EXTERNAL, "") or (attribute == "initial_conditions"
                                        and name == KEEP_SOIL_WATER):
        if name == "":
            f.problem(row, attribute, _("the file name is empty; write (None) for no file"))
        return None
    folders = _search_folders(directory, project_dir, root)
    hit = find_file(name, folders)
    if hit is None:
        f.problem(row, attribute, _("file '{name}' not found in: {places}").format(
            name=name, places=", ".join(str(d) for d in folders)))
    return hit
