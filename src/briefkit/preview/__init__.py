"""``briefkit preview``: a live preview of one brief on 127.0.0.1, re-rendered on every save."""
