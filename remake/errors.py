"""The one exception type users see: a one-line message naming the problem and the fix."""


class RemakeError(Exception):
    """An error caused by the user's input or environment; the CLI prints it as one line, exit code 2."""
