"""Rasa lock stores for running the assistant as a fleet (see lockstores/redis_atomic.py)."""
