"""Benchmarks of the portal: `make bench` runs bench/run.py (see there)."""
