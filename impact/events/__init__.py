"""Event registries: readers, reading rules, the batch and its totals."""
