"""The one exception type users see: a one-line message naming the problem and the fix."""


class RemakeError(Exception):
    """An error caused by the user's input or environment; the CLI prints it as one line, exit code 2."""


def first_line(message: object, limit: int = 200) -> str:
    """The first non-empty line of an error or message, cut to `limit` characters, for one-line errors."""
    lines = str(message).strip().splitlines()
    return lines[0][:limit] if lines else ""
