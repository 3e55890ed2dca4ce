"""Presets, replication of published figures, and re-runs of saved results."""
