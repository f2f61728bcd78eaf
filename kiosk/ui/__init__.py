"""Widgets: they render state and forward intents. No SQLite, no network in here."""
