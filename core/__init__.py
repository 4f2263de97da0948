"""Machinery the apps share, below all of them: Markdown rendering and sanitising, the filtered
list pages, admin helpers, structured data and template filters.

Nothing here imports an app; the import contract in pyproject.toml keeps it that way. Where an
app has something to add (a kind of Markdown link, say), it registers it from its AppConfig.
"""
