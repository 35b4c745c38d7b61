"""``zhassyl et0``: FAO-56 reference evapotranspiration from a daily weather file."""

from __future__ import annotations

import argparse

import numpy as np

from zhassyl.cli.validate import ELEVATION_M, LAT_DEG, WIND_HEIGHT_M
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``et0`` sub-command."""
    p = subparsers.add_parser(
        "et0",
        help=_("daily FAO-56 Penman-Monteith reference evapotranspiration of a weather file"),
        description=_(
            "Compute daily reference evapotranspiration ET0 (FAO-56 eq. 6) from a daily "
            "weather CSV (columns date, tmax_c, tmin_c, precip_mm and optionally rs_mj_m2, "
            "sunshine_h, rh_max_pct, rh_min_pct, rh_mean_pct, tdew_c, wind_m_s). Missing "
            "radiation, humidity and wind are estimated by the FAO-56 chapter 3 procedures. "
            "Writes date,et0_mm."
        ),
    )
    p.add_argument("weather", metavar="WEATHER.csv", help=_("daily weather CSV file"))
    p.add_argument("--lat", type=LAT_DEG, required=True, metavar="DEG",
                   help=_("latitude in decimal degrees (north positive)"))
    p.add_argument("--elevation", type=ELEVATION_M, required=True, metavar="M",
                   help=_("site elevation above sea level in metres"))
    p.add_argument("--wind-height", type=WIND_HEIGHT_M, default=2.0, metavar="M",
                   help=_("height of the wind measurement in metres (default 2)"))
    p.add_argument("--coastal", action="store_true",
                   help=_("use kRs = 0.19 for coastal sites in the Hargreaves radiation "
                          "estimate (default 0.16, interior)"))
    p.add_argument("--lenient", action="store_true",
                   help=_("fill gaps and fix bad values by the documented rule, with warnings, "
                          "instead of stopping"))
    p.add_argument("-o", "--output", metavar="OUT.csv",
                   help=_("output CSV file (default or '-': standard output)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, validate, compute, write."""
    from zhassyl.errors import InputError, Problem
    from zhassyl.weather.et0 import et0_fao56_daily
    from zhassyl.weather.io import read_weather_csv

    if not -90.0 <= args.lat <= 90.0:
        raise InputError(Problem("--lat", None, None,
                                 _("latitude must be within -90..90 degrees")))
    if not -500.0 <= args.elevation <= 9000.0:
        raise InputError(Problem("--elevation", None, None,
                                 _("elevation must be within -500..9000 m")))
    if not 0.5 <= args.wind_height <= 100.0:
        raise InputError(Problem("--wind-height", None, None,
                                 _("wind measurement height must be within 0.5..100 m")))
    w = read_weather_csv(args.weather, lenient=args.lenient)
    et0_mm = et0_fao56_daily(
        w.tmax_c, w.tmin_c, w.doy,
        lat_deg=args.lat, elevation_m=args.elevation,
        rs_mj_m2=w.rs_mj_m2, sunshine_h=w.sunshine_h,
        rh_max_pct=w.rh_max_pct, rh_min_pct=w.rh_min_pct, rh_mean_pct=w.rh_mean_pct,
        tdew_c=w.tdew_c, wind_m_s=w.wind_m_s, wind_height_m=args.wind_height,
        krs=0.19 if args.coastal else 0.16,
    )
    from zhassyl.cli.output import open_output

    with open_output(args.output) as out:
        out.write("date,et0_mm\n")
        for d, v in zip(w.dates.astype(str), np.asarray(et0_mm), strict=True):
            out.write(f"{d},{v:.3f}\n")
    return 0
