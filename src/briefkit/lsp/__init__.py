"""``briefkit lsp``: the rules in the author's editor, over the Language Server Protocol.

A thin shell over the engine: diagnostics are :func:`briefkit.check.buffers.lint_text` findings,
quick fixes are their :class:`~briefkit.findings.Fix` objects, hover is the rule catalogue and the
schema's descriptions. Only ``briefkit lsp`` imports this package (and pygls with it).
"""
