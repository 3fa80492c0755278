"""pubkit: Markdown chapters in, a finished UNESCO publication out."""

__version__ = "0.1.0"
