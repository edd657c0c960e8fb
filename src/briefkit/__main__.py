"""``python -m briefkit``: the same command as the ``briefkit`` script."""

import gc

# Importing the command line makes tens of thousands of objects that live until exit; looking
# for garbage among them while they are made is wasted start-up time (``main`` freezes them and
# turns collection back on).
gc.disable()

from briefkit.cli.app import main  # noqa: E402

main()
