"""Cuts of a forage crop: when the field is cut and what a cut does (AquaCrop 7 ch. 2,
"multiple cuttings": canopy cover left after a cut, cuts by list or by a rule)."""

from __future__ import annotations

from zhassyl.engine.jit import jit
from zhassyl.engine.layout import CutRule


@jit(inline="always")
def cut_rule(mg):
    """The management's :class:`~zhassyl.engine.layout.CutRule`.

    No cuts when no canopy cover after a cut is given; else a canopy trigger
    when set, else a fixed interval when set, else the listed days.
    """
    if mg.cc_after_cut <= 0.0:
        return CutRule.NONE
    if mg.cut_cc_trigger > 0.0:
        return CutRule.CC_TRIGGER
    if mg.cut_interval > 0.0:
        return CutRule.INTERVAL
    return CutRule.LIST


@jit(inline="always")
def cut_due(s, mg, cut_days, day, cc):
    """Whether the main crop is cut at the end of ``day`` by the management's rule.

    ``CC_TRIGGER``: the canopy has reached ``cut_cc_trigger``·CCx (under fertility
    stress), ``cut_interval`` has passed since the last cut and no companion
    stands (the engine's canopy rule, for the scheduling of cuts at a stage);
    ``INTERVAL``: ``cut_interval`` thermal time since the last cut;
    ``LIST``: today is the next listed day of ``cut_days`` (day indices, -1 = none).
    """
    rule = cut_rule(mg)
    if rule == CutRule.CC_TRIGGER:
        return (cc >= mg.cut_cc_trigger * s.ccx_sf and s.t_since_cut >= mg.cut_interval
                and not s.c_on)
    if rule == CutRule.INTERVAL:
        return s.t_since_cut >= mg.cut_interval
    if rule == CutRule.LIST and s.next_cut < cut_days.shape[0] and cut_days[s.next_cut] == day:
        s.next_cut += 1
        return True
    return False


@jit(inline="always")
def take_cut(s, mg, cc):
    """Cut the main crop: the canopy drops to ``cc_after_cut`` and its age restarts.

    The withered CCx is reset (the regrowth's transpiration is not scaled by the
    old canopy) and no assimilates are stored the day after (AquaCrop 7.3
    FracSto = 0 on a harvest day).  Returns the canopy cover left.
    """
    s.b_prev_cut = s.biomass
    s.y_prev_cut = s.yield_dry
    s.ccx_withered = 0.0
    s.t_since_cut = 0.0
    s.cut_yesterday = True
    return min(cc, mg.cc_after_cut) if mg.cc_after_cut > 0.0 else cc
