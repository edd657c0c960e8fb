"""The ``briefkit`` command line; :mod:`briefkit.cli.app` builds it, :func:`run` starts it."""


def run() -> None:
    """Entry point of the ``briefkit`` script and of ``python -m briefkit``.

    Importing the command line makes tens of thousands of objects that live until the process
    exits; looking for garbage among them while they are made is wasted start-up time, so
    collection is off until :func:`briefkit.cli.app.main` has built the command, frozen what
    start-up made and turned it back on.
    """
    import gc

    gc.disable()
    from briefkit.cli.app import main

    main()
