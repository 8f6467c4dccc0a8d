"""Resolution: speakers, unnamed sources, context, dates, identities and outlets of statements."""
