"""The desk: a folder of briefs and its settings (configuration, discovery, brief detection,
ignore patterns, git, history). Every command reads the desk through this package."""
