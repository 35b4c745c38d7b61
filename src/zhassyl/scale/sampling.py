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

with a generator seeded by the scenario seed and the stratum id (the same
fields whatever the other strata).  Every field stands for
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


def _stratum_rng(seed: int, stratum_id: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(stratum_id.encode("utf-8"))])


def design(scenario: ScaleScenario) -> list[SampleField]:
    """The representative fields of every stratum (module rule)."""
    out: list[SampleField] = []
    classes = salinity_classes()
    k = scenario.fields_per_stratum
    for h, st in enumerate(scenario.strata):
        if st.area_ha <= 0:
            continue
        low, high, _src = classes[st.salinity]
        u = _stratum_rng(scenario.seed, st.id).random(k)
        for j in range(k):
            ece = low + (high - low) * (j + u[j]) / k
            out.append(SampleField(len(out), h, j, k, st.area_ha / k, float(ece)))
    return out


def enumeration(scenario: ScaleScenario, n: int) -> list[SampleField]:
    """``n`` fields per stratum at the mid-points of ``n`` equal ECe bins (a full enumeration)."""
    out: list[SampleField] = []
    classes = salinity_classes()
    for h, st in enumerate(scenario.strata):
        if st.area_ha <= 0:
            continue
        low, high, _src = classes[st.salinity]
        for j in range(n):
            out.append(SampleField(len(out), h, j, n, st.area_ha / n,
                                   float(low + (high - low) * (j + 0.5) / n)))
    return out


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
