"""Research digest generator: Markdown notes in, a searchable MkDocs Material digest site out.

The pipeline runs one way: read → validate → model → digest → render → write.
"""

__version__ = "0.1.0"
