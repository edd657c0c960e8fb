"""``python -m briefkit``: the same command as the ``briefkit`` script."""

from briefkit.cli.app import main

main()
