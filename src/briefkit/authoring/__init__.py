"""Starting a brief: ``new`` (a starter draft), ``import`` (from text, Markdown or Word), ``init``
(a desk's repository)."""
