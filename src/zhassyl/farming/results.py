"""What one farming system produces in one year on one hectare.

This is the contract between the farming-system simulation (``zhassyl
simulate``/``compare``) and the layers that turn it into money (economics),
carbon and greenhouse gases (carbon): they consume :class:`SystemYear` records
and never run the engine themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SystemYear:
    """Simulated (or measured) outcome of a management system in one year, per hectare.

    Quantities are per hectare and per calendar year of the scenario; ``year``
    counts from 1 (the year the system starts on the field).
    """

    system: str                    # management system id, e.g. "green-cover-alfalfa"
    region: str                    # region id, e.g. "kyzylorda"
    year: int                      # 1, 2, ... (scenario year)
    hay_t_ha: float = 0.0          # alfalfa hay, dry matter, sum of cuts [t/ha]
    n_cuts: int = 0                # number of alfalfa cuts
    grain_t_ha: float = 0.0        # grain of the cover crop / cereal / rice (paddy) [t/ha]
    grain_crop: str = ""           # crop id of grain_t_ha ("barley", "rice", "wheat", ...)
    straw_t_ha: float = 0.0        # straw or green fodder of the cover crop/cereal, dry [t/ha]
    irrigation_m3_ha: float = 0.0  # gross irrigation water applied, leaching included [m3/ha]
    leaching_m3_ha: float = 0.0    # of which leaching irrigation after the season [m3/ha]
    rain_mm: float = 0.0           # precipitation [mm]
    et_mm: float = 0.0             # actual evapotranspiration (E + T) [mm]
    drainage_mm: float = 0.0       # deep percolation below the root zone [mm]
    ece_ds_m: float = 0.0          # mean root-zone salinity over the growing season [dS/m]
    irrigation_method: str = ""    # "flood", "furrow", "sprinkler", "drip"
    seed_kg_ha: dict[str, float] = field(default_factory=dict)   # crop -> seed sown [kg/ha]
    operations: tuple[str, ...] = ()   # field operation ids done this year (data/operations)
    fertiliser_n_kg_ha: float = 0.0    # mineral N applied [kg N/ha]
    flooded_days: int = 0              # days with ponded water (rice) [d]
    alfalfa_shoot_dm_t_ha: float = 0.0  # alfalfa shoot dry matter produced, cuts + stubble [t/ha]
    soil_loss_t_ha: float | None = None  # water erosion, rain (RUSLE) + furrow [t/ha]
    # a dynamic water table (zhassyl.groundwater), over the season's calendar year
    water_table_m: float | None = None     # mean depth of the water table [m]
    water_table_min_m: float | None = None  # shallowest depth [m]
    ec_gw_ds_m: float | None = None        # mean groundwater salinity [dS/m]
    waterlogging_days: int | None = None   # days with the table above the critical depth
    # monthly drivers for RothC (12 values, January..December of this year)
    monthly_c_input_t_ha: tuple[float, ...] = ()   # plant carbon to soil [t C/ha]
    monthly_cover: tuple[int, ...] = ()            # 1 when the soil is covered by plants
    monthly_tavg_c: tuple[float, ...] = ()         # mean air temperature [degC]
    monthly_rain_mm: tuple[float, ...] = ()        # precipitation + irrigation [mm]
    monthly_et0_mm: tuple[float, ...] = ()         # reference evapotranspiration [mm]


def water_productivity_kg_m3(product_t_ha: float, irrigation_m3_ha: float,
                             rain_mm: float) -> float:
    """Product per cubic metre of water received [kg m-3]; 0 when no water was received.

    Water productivity as crop output over the water input of irrigation and
    rain (Molden et al. 2010, Agric. Water Manage. 97:528-535, "WP = output /
    water input"); 1 mm of rain on a hectare is 10 m3.
    """
    water_m3 = irrigation_m3_ha + 10.0 * rain_mm
    return 1000.0 * product_t_ha / water_m3 if water_m3 else 0.0
