"""``python -m briefkit``: the same command as the ``briefkit`` script."""

from briefkit.cli import run

run()
