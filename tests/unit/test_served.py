"""--generate-base-url: a server that does not answer is a one-line error."""

from __future__ import annotations

import pytest

from remake.errors import RemakeError
from remake.llm.remote_generator import RemoteGenerator


def test_unreachable_server_is_one_line_error():
    with pytest.raises(RemakeError, match="unreachable"):
        RemoteGenerator("http://127.0.0.1:9/v1", max_new_tokens=4)
