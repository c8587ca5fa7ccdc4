"""Load shapes: pass one beside the locustfile, as in
``-f loadtests/locustfile.py,loadtests/shapes/steady.py``. Each reads --fleet-size and
--shape-seconds (and its own options) from the command line."""
