"""Helpers shared by every app of the portal (not an app itself)."""
