"""Spring restart and autumn end of alfalfa from temperature criteria.

Reference: AquaCrop 7.3's Ottawa project (LIST/Ottawa.PRM) gives the crop
periods that AquaCrop derived from the crop file's internal calendar
(AlfOttawaGDD.CRO: restart when 8-day GDD >= 20, 2nd occurrence, window from
1 April for 120 days; end when 8-day GDD <= 10, 1st occurrence, window of
60 days up to 31 October; Tbase 5, Tupper 30 degC).
"""

from pathlib import Path

import numpy as np
import pytest

from zhassyl.aquacrop import read_temperature
from zhassyl.engine.perennial import PerennialCalendar, SeasonCriterion, perennial_seasons
from zhassyl.errors import ParameterError

CASE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "aquacrop-ottawa-alfalfa"

OTTAWA = PerennialCalendar(
    restart=SeasonCriterion("gdd", 20.0, 8, 2, 4, 1, 120),
    end=SeasonCriterion("gdd", 10.0, 8, 1, 10, 31, 60),
    tbase_c=5.0, tupper_c=30.0)


def test_reproduces_ottawa_crop_periods():
    t = read_temperature(CASE / "DATA" / "Ottawa.Tnx")
    start, end = perennial_seasons(t.dates, t.tmin_c, t.tmax_c, OTTAWA,
                                   np.datetime64("2014-05-21"))
    got = [(str(t.dates[a]), str(t.dates[b])) for a, b in zip(start, end, strict=True)]
    # Ottawa.PRM crop periods of runs 1-3 (run 1 is the sowing, 21 May 2014)
    assert got[1:3] == [("2015-05-01", "2015-10-24"), ("2016-05-07", "2016-10-28")]
    # the sowing year: the PRM fixes 31 Oct as the last day; the criterion gives its own end
    assert got[0][0] == "2014-05-21"
    assert "2014-09-01" <= got[0][1] <= "2014-10-31"


def test_tmean_criterion_and_fallback_to_window_end():
    dates = np.arange(np.datetime64("2001-01-01"), np.datetime64("2003-12-31"))
    doy = (dates - dates.astype("datetime64[Y]")).astype(int)
    tavg = 10 - 15 * np.cos(2 * np.pi * (doy - 15) / 365)     # -5 .. 25 degC
    cal = PerennialCalendar(
        restart=SeasonCriterion("tmean", 8.0, 5, 1, 3, 1, 90),
        end=SeasonCriterion("tmean", 5.0, 5, 1, 11, 30, 60),
        tbase_c=5.0, tupper_c=30.0)
    start, end = perennial_seasons(dates, tavg - 5, tavg + 5, cal, np.datetime64("2001-04-20"))
    assert len(start) == len(end) >= 2
    # restart: 5-day mean first >= 8 degC; the day after the first such day
    s = start[1]
    mean5 = np.convolve(tavg, np.ones(5) / 5, mode="full")[:len(tavg)]
    assert mean5[s - 1] >= 8.0 and mean5[s - 2] < 8.0
    # a threshold never reached: the season ends on the window's last day
    never = PerennialCalendar(cal.restart, SeasonCriterion("tmean", -50.0, 5, 1, 11, 30, 60),
                              5.0, 30.0)
    _s, e = perennial_seasons(dates, tavg - 5, tavg + 5, never, np.datetime64("2001-04-20"))
    assert str(dates[e[0]]) == "2001-11-30"


def test_bad_criteria():
    with pytest.raises(ParameterError, match="gdd"):
        SeasonCriterion("rain", 1.0, 1, 1, 1, 1, 10)
    with pytest.raises(ParameterError, match="at least 1"):
        SeasonCriterion("gdd", 1.0, 0, 1, 1, 1, 10)
