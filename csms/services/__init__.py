"""Use cases: each public coroutine is one unit of work over the database."""
