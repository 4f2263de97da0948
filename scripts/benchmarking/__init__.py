"""`make benchmark`: its database, its load, its pages and its report (see scripts/benchmark.py)."""
