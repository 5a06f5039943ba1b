"""Performance benchmarks of the research digest: a package, run as modules from the project root.

    .venv/bin/python -m benchmarks.run [--sizes 1000,4000,10000] [--no-blog]   # the benchmark
    .venv/bin/python -m benchmarks.run --sizes 10000,100000 --cold-runs 1     # issue 17
    .venv/bin/python -m benchmarks.page_floor [--pages 1700] [--runs 3]      # one empty page
    .venv/bin/python -m benchmarks.synth --notes 10000 --seed 1 --out DIR    # the corpus alone
    .venv/bin/python -m benchmarks.search_size SITE [--query phones]         # search downloads
    .venv/bin/python -m benchmarks.serve_edit --content C --config F --out D # edit to preview
    .venv/bin/python -m benchmarks.compare_revisions --base REV              # two revisions

The runner (`run`) is split by concern, each module importing only those above it:

* `commands`: the executables of the project's venv (`digest`, the site engines MkDocs and
  Zensical) and their command lines; an `Engine` is a value, so another engine is one more;
* `measure`: one command timed after `sync`, its peak memory, the files it wrote;
* `configs`: the MkDocs configurations written for each size (project copy, floor, blog);
* `corpus`: the synthetic notes as the references and the edit step read them;
* `references`: the floor and blog-plugin builds of the same notes;
* `results`, `targets`: what one size measured, and the targets it is judged against;
* `steps`: the steps of one size, in order; `report` and `report_steps`: the Markdown tables;
  `environment`: machine, versions and revision for the JSON.

`synth`, `search_size` and `serve_edit` are used by the runner and are commands of their own.
"""
