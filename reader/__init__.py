"""reader: a keyboard-driven terminal reader for research paper listings."""

__version__ = "0.1.0"
