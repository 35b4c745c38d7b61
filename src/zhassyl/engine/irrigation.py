"""Irrigation of a field for one day: how much is due and how much reaches the soil.

The decision is taken on yesterday's state (AquaCrop reference manual ch. 3.2.4,
irrigation schedules: by a depletion threshold, at a fixed interval, on listed
days; a paddy keeps a pond between two depths).  The functions act on one
field's state record (``layout.FIELD_STATE_DTYPE``) and its management record.
"""

from __future__ import annotations

from zhassyl.engine.jit import jit
from zhassyl.engine.layout import IrrigationMode
from zhassyl.engine.soil_water import zone_water


@jit(inline="always")
def is_ponding(mg, in_crop, day_in_season, season_len):
    """A paddy is kept flooded from its start until ``drain_days_before_end`` before harvest."""
    return (mg.irr_mode == IrrigationMode.PONDED and in_crop
            and day_in_season <= season_len - mg.drain_days_before_end)


@jit(inline="always")
def net_irrigation_mm(s, mg, irr_days, day, growing, zr_any_m, ponding, theta, dz_m, fc, wp):
    """Net irrigation due today [mm] by the field's :class:`~zhassyl.engine.layout.IrrigationMode`.

    ``DEPLETION``: the depletion of the root zone (or of the top ``irr_zone_m``)
    below field capacity, once it exceeds ``irr_trigger_pct_taw`` % of TAW and
    no earlier application is still being applied (AquaCrop: "allowable
    depletion" criterion, refill to field capacity); ``INTERVAL``: the fixed
    depth on the first day of the season and every ``irr_interval_days`` days;
    ``CALENDAR``: the fixed depth on the listed days ``irr_days`` (day indices,
    -1 = none); ``PONDED``: refill the pond to ``pond_max_mm`` once it is below
    ``pond_min_mm``.  ``growing``: the main or the companion crop is in the field.
    """
    mode = mg.irr_mode
    if mode == IrrigationMode.DEPLETION:
        if growing and zr_any_m > 0.0 and s.irr_remaining <= 0.0:
            zone = min(zr_any_m, mg.irr_zone_m) if mg.irr_zone_m > 0.0 else zr_any_m
            a, fcw, wpw = zone_water(theta, dz_m, fc, wp, zone)
            depl = fcw - a
            if depl > mg.irr_trigger_pct_taw / 100.0 * (fcw - wpw) and depl > 0.0:
                return depl
    elif mode == IrrigationMode.INTERVAL:
        if growing and mg.irr_interval_days > 0:
            if s.day_in_season > 0 and (s.day_in_season - 1) % int(mg.irr_interval_days) == 0:
                return mg.irr_depth_mm
    elif mode == IrrigationMode.CALENDAR:
        while s.next_irr < irr_days.shape[0] and 0 <= irr_days[s.next_irr] < day:
            s.next_irr += 1
        if s.next_irr < irr_days.shape[0] and irr_days[s.next_irr] == day:
            s.next_irr += 1
            return mg.irr_depth_mm
    elif ponding and s.pond < mg.pond_min_mm:
        return mg.pond_max_mm - s.pond
    return 0.0


@jit(inline="always")
def apply_irrigation(s, mg, st, net_mm, growing, sown_today, restart_today):
    """Gross irrigation today and its losses [mm].

    The gross depth is net/efficiency (efficiency at least ``st.irr_efficiency_min``;
    a paddy's refill is counted at the field), applied at most
    ``irr_max_mm_day`` a day (0: no limit), the rest on the next days while a
    crop grows; the sowing irrigation of a sown crop or the spring irrigation
    of a regrowing perennial is added.  Sprinklers (``irr_loss_to_air``) lose
    gross x (1 - efficiency) to evaporation and drift before the water reaches
    the soil.  After the season, the leaching requirement (FAO-29, Ayers &
    Westcot 1985) is applied at most ``st.leach_max_mm_day`` a day.

    Returns ``(gross_mm, application_loss_mm, leaching_mm)``; ``leaching_mm``
    is part of ``gross_mm``.
    """
    ponded = mg.irr_mode == IrrigationMode.PONDED
    gross = 0.0
    if net_mm > 0.0:
        eff = max(mg.irr_efficiency, st.irr_efficiency_min) if not ponded else 1.0
        s.irr_remaining += net_mm / eff
    if s.irr_remaining > 0.0:
        # an application larger than the method's daily capacity continues next days
        gross = s.irr_remaining
        if mg.irr_max_mm_day > 0.0 and not ponded:
            gross = min(gross, mg.irr_max_mm_day)
        s.irr_remaining -= gross
        if not growing:
            s.irr_remaining = 0.0
    if sown_today and mg.sowing_irrigation_mm > 0.0:
        gross += mg.sowing_irrigation_mm
    elif restart_today and mg.spring_irrigation_mm > 0.0:
        gross += mg.spring_irrigation_mm
    app_loss = 0.0
    if gross > 0.0 and mg.irr_loss_to_air == 1 and not ponded:
        app_loss = gross * (1.0 - mg.irr_efficiency)
    step = 0.0
    if s.leach_due > 0.0 and not s.in_crop:
        # leaching irrigation after the season (FAO-29 leaching requirement), flooded
        # onto the bare soil so that it passes below the root zone
        step = min(s.leach_due, st.leach_max_mm_day)
        gross += step
        s.leach_due -= step
    return gross, app_loss, step


@jit
def leaching_requirement_mm(leaching_fraction, deficit_mm, crop_et_mm):
    """Leaching irrigation due after a season [mm] (FAO-29, Ayers & Westcot 1985, ch. 2.4).

    Drainage = LF x applied water, i.e. LF/(1 - LF) x crop ET, applied after
    refilling the root zone's ``deficit_mm`` to field capacity.
    """
    return max(deficit_mm, 0.0) + leaching_fraction / (1.0 - leaching_fraction) * crop_et_mm
