"""Default locations of a warfacts build, relative to the repository root (the working directory).

A module of its own, without imports, so that ``warfacts --help`` stays fast.
"""

DEFAULT_SEEDS_DIR = "seeds"
DEFAULT_DIST_DIR = "dist"
DEFAULT_DB_PATH = ".warfacts/warfacts.duckdb"
