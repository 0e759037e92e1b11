"""Package data: the dataset card template of a release, read by remake.release.card."""
