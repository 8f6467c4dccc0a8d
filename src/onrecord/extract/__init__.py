"""Extraction: quotes, cues and statement candidates, and the extractors that find statements."""
