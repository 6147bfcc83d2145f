"""The exceptions the library raises; only kb.cli turns them into exit codes."""


class WildlexError(Exception):
    """Base class: something the user can fix, with a message that says how."""


class ProjectNotFound(WildlexError):
    """No project here: the folder does not hold corpus/ (or is not found from here up)."""


class ProjectExists(WildlexError):
    """`wildlex init` was asked to write over a folder in use, or to copy an unknown file."""


class CorpusInvalid(WildlexError):
    """Validation found problems; `problems` lists them."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the corpus")


class UnknownJurisdiction(WildlexError):
    """A jurisdiction code that the corpus does not hold."""


class QueryError(WildlexError):
    """A question in queries/ is missing, malformed or was given bad parameters."""


class EndpointError(WildlexError):
    """A remote SPARQL endpoint failed, timed out or answered nonsense."""
