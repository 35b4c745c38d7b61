"""Farm economics: enterprise budgets, policy rules, finance, livestock and risk.

The layer consumes :class:`zhassyl.farming.results.SystemYear` records (one per
system, year and hectare) and never runs the simulation engine itself.  Every
price, cost, tariff, rate and rule is a row of a CSV file in
``zhassyl/data/economics`` with a ``source`` and a ``status`` column
(``sourced``, ``derived``, ``approximation`` or ``assumption``).
"""
