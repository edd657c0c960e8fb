"""``briefkit serve``: the render and lint service, a thin HTTP shell over the engine.

:mod:`.settings` gathers what the service may do (flags over the desk's ``[serve]`` table),
:mod:`.work` runs the requests' work on the engine (renders on warm render pools, lint and
check through the rules), :mod:`.app` is the ASGI application (Starlette) and :mod:`.run` starts
it under uvicorn. :mod:`.client` is ``briefkit render --server``: plain ``urllib``, no server
code. Starlette and uvicorn are imported by this package only, and only by ``briefkit serve``.
"""
