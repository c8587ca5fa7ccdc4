"""World files: a whole environment (tenants, customers, users, operators, locations,
stations, grids, cards, charge groups) declared in YAML and loaded idempotently."""

from csms.world.loader import Counts, LoadSummary, load_world
from csms.world.source import Problem, WorldError, read_world

__all__ = ["Counts", "LoadSummary", "Problem", "WorldError", "load_world", "read_world"]
