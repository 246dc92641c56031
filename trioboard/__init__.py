"""trioboard: a roadmap tied to company strategy, in the terminal, git and CI."""

__version__ = "0.1.0"
