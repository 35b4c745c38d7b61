"""Weather: reading and checking weather files, FAO-56 reference evapotranspiration
(:mod:`zhassyl.weather.et0`), regional climate normals and a stochastic weather generator."""
