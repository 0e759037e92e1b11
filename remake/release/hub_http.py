"""The HTTP library that huggingface_hub speaks: httpx up to 1.x, its fork httpx2 from 2.0 on.

Catching the other library's exceptions lets a network failure escape as a traceback (CI saw it when 2.x
arrived), so code that handles the Hub's transport errors imports them from here."""

from __future__ import annotations

import importlib

import huggingface_hub

httpx = importlib.import_module("httpx2" if int(huggingface_hub.__version__.split(".")[0]) >= 2 else "httpx")
