"""Authoring: `digest new` (`new`), `digest import` (`importer`, reading captures with
`captures` and `capture_files`, suggesting terms with `suggest`), both writing notes through
`drafts`; `schema` gives editors a JSON Schema of the front matter.
"""
