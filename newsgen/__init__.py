"""newsgen: a static site generator for a county newspaper's digital edition."""

__version__ = "0.1.0"
