"""Readers of AquaCrop 7 input and output files, so that calibrated AquaCrop crops and
projects can be brought into Zhassyl.

Reading only: every reader returns frozen dataclasses (numbers in the units named
in the field names) and raises :class:`zhassyl.errors.InputError` naming the
file, the line and the parameter of every problem.  The file layouts follow the
readers of AquaCrop 7.3 (KUL-RSDA/AquaCrop, BSD-3 licence).

Examples
--------
>>> from zhassyl.aquacrop import read_project, read_crop
>>> project = read_project("AquaCrop/LIST/Ottawa.PRM")  # doctest: +SKIP
>>> crop = read_crop(project.runs[0].crop.path)  # doctest: +SKIP
"""

from zhassyl.aquacrop.files import *  # noqa: F403
from zhassyl.aquacrop.files import __all__  # noqa: F401
