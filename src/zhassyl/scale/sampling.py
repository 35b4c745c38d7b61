"""Stratified weighted sampling of representative fields, and totals with their sampling error.

Rule (per stratum)
------------------
Each stratum ``h`` (region x current practice x soil texture x salinity class,
area :math:`A_h`) with a positive area gets the same number :math:`n_h = K` of
representative fields (``--fields-per-stratum``; strata have few distinct
inputs, so equal allocation keeps the error estimate available everywhere).
The fields differ by their initial root-zone salinity, drawn by Latin
hypercube sampling inside the class's ECe range :math:`[L, U)`
(``data/scale/salinity_classes.csv``):

.. math:: ECe_{hj} = L + (U - L)\\,\\frac{j + u_{hj}}{n_h},\\quad u_{hj} \\sim U(0, 1),
          \\quad j = 0..n_h-1

with one PCG64 stream per stratum seeded by the scenario seed and the
stratum id (the same fields whatever the other strata, and whatever the
chunking: a chunk jumps the stream ahead to its first field).  Every field stands for
:math:`w_h = A_h / n_h` hectares; the other inputs (texture, water, water
table) are the stratum's and the region's.

Totals and sampling error
-------------------------
For a quantity :math:`y` per hectare of stratum land, the stratified
estimator of the total and its variance (Cochran 1977, *Sampling
Techniques*, 3rd ed., eqs. 5.1 and 5.6, finite-population correction
neglected: the land is a continuum) are

.. math:: \\hat T = \\sum_h A_h \\bar y_h, \\qquad
          \\widehat{V}(\\hat T) = \\sum_h A_h^2 \\frac{s_h^2}{n_h}

with :math:`s_h^2` the sample variance within the stratum.  The simple random
sampling formula over-states the variance of a Latin hypercube sample (McKay,
Beckman & Conover 1979 show LHS variance is at most that of simple random
sampling for monotone responses), so the error is conservative.  A stratum
with one field has no error estimate (NaN).

:func:`enumeration` gives, for checking, a "full enumeration" of each
stratum: ``n`` fields at the mid-points of ``n`` equal ECe bins.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from zhassyl.scale.config import ScaleScenario, salinity_classes


@dataclass(frozen=True)
class SampleField:
    """One representative field: its stratum (index in ``ScaleScenario.strata``) and inputs."""

    index: int                # position in the design (unique)
    stratum: int
    j: int                    # position in its stratum
    n_in_stratum: int
    weight_ha: float          # hectares it stands for
    ece0_ds_m: float


@dataclass(frozen=True)
class FieldRange:
    """Fields ``start..stop-1`` of stratum ``stratum``'s ``n`` (a chunk's share of the design).

    ``scheme``: ``"lhs"`` (the sampling rule) or ``"enumeration"`` (bin mid-points).
    ``offset``: index of the stratum's first field in the whole design.
    """

    stratum: int
    start: int
    stop: int
    n: int
    offset: int
    scheme: str = "lhs"


def _uniforms(seed: int, stratum_id: str, start: int, stop: int) -> np.ndarray:
    """The stratum's uniform draws ``start..stop-1`` (its PCG64 stream, jumped ahead)."""
    bits = np.random.PCG64([seed, zlib.crc32(stratum_id.encode("utf-8"))])
    bits.advance(start)                       # one 64-bit draw per double
    return np.random.Generator(bits).random(stop - start)


def fields_of(scenario: ScaleScenario, part: FieldRange) -> list[SampleField]:
    """The representative fields of ``part`` (module rule), made where they are simulated."""
    st = scenario.strata[part.stratum]
    low, high, _src = salinity_classes()[st.salinity]
    j = np.arange(part.start, part.stop)
    if part.scheme == "lhs":
        pos = j + _uniforms(scenario.seed, st.id, part.start, part.stop)
    else:
        pos = j + 0.5
    ece = low + (high - low) * pos / part.n
    return [SampleField(part.offset + int(k), part.stratum, int(k), part.n,
                        st.area_ha / part.n, float(e)) for k, e in zip(j, ece, strict=True)]


def plan(scenario: ScaleScenario, chunk_fields: int, *, scheme: str = "lhs",
         per_stratum: int | None = None) -> Iterator[list[FieldRange]]:
    """Chunks of at most ``chunk_fields`` fields, as ranges of strata, made lazily.

    The client holds only the chunks in flight, never the list of fields.
    """
    n = per_stratum or scenario.fields_per_stratum
    size = max(1, chunk_fields)
    chunk: list[FieldRange] = []
    room = size
    offset = 0
    for h, st in enumerate(scenario.strata):
        if st.area_ha <= 0:
            continue
        a = 0
        while a < n:
            b = min(n, a + room)
            chunk.append(FieldRange(h, a, b, n, offset, scheme))
            room -= b - a
            a = b
            if room == 0:
                yield chunk
                chunk, room = [], size
        offset += n
    if chunk:
        yield chunk


def count_fields(scenario: ScaleScenario, per_stratum: int | None = None) -> int:
    """Representative fields of the design."""
    n = per_stratum or scenario.fields_per_stratum
    return n * sum(1 for s in scenario.strata if s.area_ha > 0)


def design(scenario: ScaleScenario) -> list[SampleField]:
    """Every representative field of the design (module rule), in one list."""
    return [f for chunk in plan(scenario, 10**9) for part in chunk
            for f in fields_of(scenario, part)]


def enumeration(scenario: ScaleScenario, n: int) -> list[SampleField]:
    """``n`` fields per stratum at the mid-points of ``n`` equal ECe bins (a full enumeration)."""
    return [f for chunk in plan(scenario, 10**9, scheme="enumeration", per_stratum=n)
            for part in chunk for f in fields_of(scenario, part)]


def stratified_total(area_ha: np.ndarray, n: np.ndarray, sum_y: np.ndarray,
                     sum_y2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stratified total and its standard error from per-stratum sums (module equations).

    Parameters
    ----------
    area_ha : array (H,)
        Stratum areas [ha].
    n : array (H,)
        Fields per stratum.
    sum_y, sum_y2 : array (H, ...)
        Sums of ``y`` and ``y**2`` over each stratum's fields (y per hectare).

    Returns
    -------
    (total, standard error), each of shape ``sum_y.shape[1:]``
    """
    area = np.asarray(area_ha, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    shape = (-1,) + (1,) * (sum_y.ndim - 1)
    nn = n.reshape(shape)
    a = area.reshape(shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(nn > 0, sum_y / np.where(nn > 0, nn, 1), 0.0)
        var = np.where(nn > 1, (sum_y2 - nn * mean ** 2) / np.where(nn > 1, nn - 1, 1), np.nan)
        var = np.where(nn > 0, np.maximum(var, 0.0), 0.0)
        total = (a * mean).sum(axis=0)
        se = np.sqrt((a ** 2 * var / np.where(nn > 0, nn, 1)).sum(axis=0))
    return total, se
