"""Site out: the checked model → the docs tree MkDocs reads (pages, feeds, dataset, assets).

`digests` works out the indexes, `jobs` lists every file with how to render it (`render`,
with `templating`, `charts`, `search_attributes` and `dataset`), `write` builds the tree aside
and swaps it in; `parallel` shares the work out over processes; `search_index` runs Pagefind
over the built site.
"""
