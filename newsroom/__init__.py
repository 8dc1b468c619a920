"""newsroom: a static multilingual news-article website generator."""

__version__ = "0.2.0"
