"""Resolution: speakers, unnamed sources, context, dates, identities and outlets of statements."""

from onrecord.resolve._enrich import date_attributions, describe

__all__ = ["date_attributions", "describe"]
