"""Process limits a process full of sockets needs."""

from __future__ import annotations

import contextlib
import resource


def raise_open_files_limit() -> None:
    """Every station is a socket, in the CSMS, in a fleet and in a benchmark's servers and
    generators: lift the soft limit on open files (often 1024) to the hard one, so one
    process holds as many as the machine allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = 1 << 20 if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
