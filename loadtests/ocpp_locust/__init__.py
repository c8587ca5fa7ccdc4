"""Locust users that are virtual charging stations (the simulator's), and the bridge between
Locust's gevent world and the stations' asyncio one."""
