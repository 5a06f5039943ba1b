"""Content in: files → raw records with source lines → checked, frozen model.

`read` reads files without judging them; `validate` (with `front_matter`, `vocabulary`,
`pages` and `prose`) turns raw records into the model of `model`, collecting every problem;
`markup` turns content Markdown into sanitised HTML. Nothing here knows how the site looks.
"""
