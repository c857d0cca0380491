"""Test-suite settings shared by the unit tests and nbval's notebook runs.

Notebooks run under nbval cannot show widgets, so the explorers fall back to plain tables.
"""
import os

os.environ["GWR_STATIC"] = "1"
