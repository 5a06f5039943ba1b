"""The live preview (`digest serve`): a session that keeps the last build and renders again only
what an edit touches (`session`, `changes`, `sync`), and the bridge to MkDocs' server
(`mkdocs_bridge`).
"""
