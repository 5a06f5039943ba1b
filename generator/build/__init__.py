"""The one build: the run, what it keeps between runs, and what a change touches.

`run.Build` is used by `digest build`, by the preview (`digest serve`, one `Build` kept alive
between edits) and so by `make site` and CI; `check.check` is its first half on its own.
`state` is what is kept on disk, `inputs` how changed files are found, `notes` the checked
notes reused, `digests` and `changes` what an edit touches, `outputs` the docs tree as written.
`publish` and `search` carry the same memory over to the site and its search index.
"""
