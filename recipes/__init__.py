"""Package data: the dataset recipes shipped with remake (one YAML file each), read by remake.data.recipe."""
