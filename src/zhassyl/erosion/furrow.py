"""Soil lost from furrow-irrigated fields on a slope.

Furrow streams erode where their energy is high enough: at the head end of
fields steeper than about 0.7 % on silt loams (Carter 1984; Berg & Carter
1980); erosion and deposition are "directly proportional to the energy of the
furrow irrigation stream" (Carter 1984), and the sediment leaving the field
comes from the upper part of the furrow, so the loss per hectare falls with
furrow length.  This module takes the loss of one irrigation as

    E = E_ref * (q / q_ref) * (S - S_crit)+ / 1 % * (K / K_ref) * (L_ref / L)

with ``E_ref`` a scale (ASSUMPTION, see ``data/erosion/constants.csv``) set so
that seasonal losses fall within the 0.5-142 t/ha Berg & Carter (1980)
measured on 49 Idaho fields of 1-5 % slope and 11-50 L/min streams.  It is a
first-order relation, not a fitted one; Trout (1996)'s furrow erosion
relations should replace it.

References
----------
Berg, R.D., Carter, D.L. (1980). Furrow erosion and sediment losses on
irrigated cropland. J. Soil Water Conserv. 35(6):267-270.

Carter, D.L. (1984). Furrow irrigation erosion effects on crop production.
Proc. Natl. Symp. on Erosion and Soil Productivity, New Orleans, 39-47.

Koluvek, P.K., Tanji, K.K., Trout, T.J. (1993). Overview of soil erosion from
irrigation. J. Irrig. Drain. Eng. 119(6):929-946.
"""

from __future__ import annotations

import numpy as np

from zhassyl.erosion.params import constants


def furrow_loss_per_irrigation(stream_l_min, slope_pct, furrow_length_m, k_si):
    """Soil leaving the field in one furrow irrigation [t/ha].

    Parameters
    ----------
    stream_l_min : float or array
        Furrow inflow stream [L/min].
    slope_pct : float or array
        Furrow slope [%]; no loss at or below the critical 0.7 %.
    furrow_length_m : float or array
        Furrow length [m].
    k_si : float or array
        Soil erodibility K [t ha h ha-1 MJ-1 mm-1] (``rusle.erodibility_nomograph``).
    """
    c = constants()
    excess = np.maximum(np.asarray(slope_pct, dtype=float) - c["furrow_critical_slope_pct"], 0.0)
    return (c["furrow_loss_t_ha_per_event"]
            * np.asarray(stream_l_min, dtype=float) / c["furrow_ref_stream_l_min"]
            * excess * np.asarray(k_si, dtype=float) / c["furrow_ref_k"]
            * c["furrow_ref_length_m"] / np.asarray(furrow_length_m, dtype=float))
