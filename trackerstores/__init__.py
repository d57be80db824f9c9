"""Rasa tracker stores for running the assistant as a fleet (see trackerstores/resilient_sql.py)."""
