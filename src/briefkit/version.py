"""briefkit's version, written once: pyproject.toml reads it (``[tool.hatch.version]``).

Kept here rather than read from the package metadata, which costs ``importlib.metadata`` (about
40 ms) at every start of the command.
"""

__version__ = "0.2.0"
