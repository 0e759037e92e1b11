"""Versioned dataset releases of a harvest: tables, card, manifest, push."""

MIXES = ("replace", "augment")  # what `train` holds: rewrites in place of their originals, or added to them
KEEPS = ("all", "fixed")        # which accepted rewrites: all, or those after which the teacher was right
