"""remake: remake training datasets with Neurosymbolic LoRA (NS-LoRA, arXiv 2601.12711)."""

__version__ = "0.1.0"
