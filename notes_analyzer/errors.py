"""The package's exceptions. The library raises these, naming the offending input;
the CLI turns them into one line on stderr and a non-zero exit."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ExtractError",
    "FetchError",
    "ModelLoadError",
    "NoData",
    "NotesAnalyzerError",
    "SeriesNotFound",
    "StoreError",
    "UnknownClaimKind",
]


class NotesAnalyzerError(Exception):
    """Base class of every error notes-analyzer raises on purpose."""


class ConfigError(NotesAnalyzerError, ValueError):
    """A setting, flag or config file is invalid."""


class FetchError(NotesAnalyzerError):
    """A URL could not be fetched (HTTP error, timeout, refused, too large …)."""


class ExtractError(NotesAnalyzerError, ValueError):
    """A page or file was fetched/read but holds no usable note."""


class StoreError(NotesAnalyzerError):
    """The market-data store cannot be opened, migrated or written."""


class SeriesNotFound(StoreError, LookupError):
    """A series or instrument name is not in the store or the registry."""


class ModelLoadError(NotesAnalyzerError):
    """A model artefact is missing or unreadable."""


class UnknownClaimKind(NotesAnalyzerError, LookupError):
    """A claim kind name that is not registered."""


class NoData(StoreError, LookupError):
    """A series exists but has no observation for the asked date or period."""
