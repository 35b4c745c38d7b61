"""National and regional scale-up scenarios over Dask.

::

    scenario file (TOML)  -> config.load_scenario -> ScaleScenario
      -> sampling.design (stratified representative fields, weights)
      -> execute.run_scale: chunks of fields x climate replicates
           -> chunk.run_chunk (one Dask task): scenario.run_scenarios, economics.budget_arrays,
              carbon.soc_arrays -> per-stratum sums
           reduced as they arrive (bounded memory), each chunk once
      -> execute.region_totals: per region and year and national, P10/P90 over climate,
         sampling standard error
      -> output: summary.csv, summary.parquet, summary.png, map.svg (regionmap: packaged
         region boundaries), run.json

The layer holds no physics: it batches the scenario layer's fields over Dask.
"""
