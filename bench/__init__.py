"""Benchmark every page of the portal against the floor: `python -m bench` (or `make bench`).

See bench/README.md for how to run it and how to read it.
"""
