"""A reason to refuse an upload, raised from deep inside a parser of the gate."""


class Refused(Exception):
    """One reason to refuse; the gate turns it into a :class:`~motcua.core.errors.FieldProblem`."""

    def __init__(self, message: str, path: str = "content") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
