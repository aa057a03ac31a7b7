"""One exception hierarchy for the generator; every message is a sentence a user can act on."""


class ScorecardError(Exception):
    """Base of every error the generator raises on purpose."""


class InputError(ScorecardError):
    """The job description or an option cannot be used as given."""


class ConfigurationError(ScorecardError):
    """A setting (environment variable or option) has a value that cannot be used."""


class InvalidScorecardError(ScorecardError):
    """A scorecard breaks the schema or one of its invariants."""

    def __init__(self, message: str, violations: list[str] | None = None) -> None:
        super().__init__(message)
        self.violations = violations or [message]


class GenerationError(ScorecardError):
    """Generation could not produce a valid scorecard; nothing was saved."""


class ModelRefusalError(GenerationError):
    """The model declined the request; retrying would not help."""


class ModelTimeoutError(GenerationError):
    """The model did not answer within the configured time."""


class ModelUnavailableError(GenerationError):
    """The model's service failed or rate-limited us past the retry budget."""


class ModelOutputError(GenerationError):
    """The model kept returning output that does not fit the schema."""


class RunCancelledError(GenerationError):
    """The caller withdrew this run (another worker took the job over); nothing was saved."""
