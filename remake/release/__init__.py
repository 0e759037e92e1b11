"""Versioned dataset releases of a harvest: tables, card, manifest, push."""

MIXES = ("replace", "augment")  # what `train` holds: rewrites in place of their originals, or added to them
