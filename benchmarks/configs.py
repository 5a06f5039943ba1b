"""The MkDocs configurations the benchmark writes for each size.

* `full_config`: the project's own `mkdocs.yml`, copied into the size's temp folder with
  `docs_dir` and `site_dir` pointing there and every path relative to the project made
  absolute, so the copy builds exactly what `make site` builds;
* `floor_config`: Material as the project configures it, without `custom_dir`, hooks or plugins
  other than `search`, nav with the home page only: what MkDocs needs for the bare notes;
* `blog_config`: the same with Material's blog and tags plugins, for the anchor.

The project file is loaded with its application tags (`!ENV`, `!relative`,
`!!python/name:...`) kept as they are, so the copy keeps them too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from benchmarks.commands import PROJECT

Config = dict[str, Any]


class Tagged:
    """A YAML node with an application tag (!ENV, !relative, !!python/name:...), kept as is."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)

# keys whose relative values are paths relative to the config file (not to docs_dir)
PATH_KEYS = {"custom_dir", "hooks", "watch", "INHERIT", "base_path", "cache_dir"}
# keys relative to docs_dir (left alone)
DOCS_KEYS = {
    "blog_dir",
    "post_dir",
    "authors_file",
    "favicon",
    "logo",
    "export_file",
    "extra_css",
    "extra_javascript",
    "extra_templates",
    "nav",
}
# what the references leave out of the project's configuration
NOT_IN_REFERENCES = (
    "hooks",
    "extra_css",
    "extra_javascript",
    "nav",
    "plugins",
    "watch",
    "not_in_nav",
    "exclude_docs",
    "validation",
    "strict",
    "INHERIT",
)


def _absolute(value: Any) -> Any:
    if isinstance(value, str) and value and not Path(value).is_absolute() and "://" not in value:
        return str((PROJECT / value).resolve())
    if isinstance(value, list):
        return [_absolute(v) for v in value]
    if (
        isinstance(value, Tagged)
        and value.tag == "!relative"
        and str(value.value).startswith("$config_dir")
    ):
        rest = str(value.value)[len("$config_dir") :].lstrip("/")
        return str((PROJECT / rest).resolve())
    return value


def rewrite_paths(node: Any, key: str | None = None) -> Any:
    """Make paths in the project config absolute so a copy elsewhere still finds them."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in DOCS_KEYS:
                out[k] = v
            elif k in PATH_KEYS:
                out[k] = _absolute(v)
            else:
                out[k] = rewrite_paths(v, k)
        return out
    if isinstance(node, list):
        return [rewrite_paths(v, key) for v in node]
    if isinstance(node, Tagged) and node.tag == "!relative":
        return _absolute(node)
    if (
        isinstance(node, str)
        and key is not None
        and key.endswith(("_dir", "_path", "_file"))
        and not Path(node).is_absolute()
        and (PROJECT / node).exists()
    ):
        return str((PROJECT / node).resolve())
    return node


def load_project_config() -> tuple[Config, str]:
    """The project's `mkdocs.yml` with absolute paths, and where it came from."""
    path = PROJECT / "mkdocs.yml"
    if not path.exists():
        minimal = {
            "site_name": "Research digest (benchmark)",
            "theme": {"name": "material"},
            "plugins": ["search"],
        }
        return minimal, "built-in minimal config (no mkdocs.yml in the project)"
    with path.open(encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=_Loader)
    return rewrite_paths(config), str(path)


def write_config(path: Path, config: Config) -> None:
    text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    path.write_text("# generated by benchmarks/configs.py\n" + text, encoding="utf-8")


def full_config(base: Config, docs: Path, site: Path, content: Path) -> Config:
    """The project's configuration for a docs tree and site elsewhere; a plugin of our own that
    reads content itself reads the synthetic corpus."""
    config = dict(base)
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site)
    plugins = []
    for item in config.get("plugins") or []:
        if isinstance(item, dict):
            name, options = next(iter(item.items()))
            if isinstance(options, dict):
                options = {
                    k: (str(content) if k in ("content", "content_dir") else v)
                    for k, v in options.items()
                }
            item = {name: options}
        plugins.append(item)
    if plugins:
        config["plugins"] = plugins
    return config


def _keep_plugins(plugins: Any, wanted: tuple[str, ...]) -> list[Any]:
    return [p for p in plugins or [] if (p if isinstance(p, str) else next(iter(p))) in wanted]


def _plain_theme(theme: Any) -> Any:
    """Material as configured (palette, features) but without project overrides."""
    if isinstance(theme, dict):
        return {k: v for k, v in theme.items() if k != "custom_dir"}
    return theme or {"name": "material"}


def _reference(base: Config, docs: Path, site: Path, label: str) -> Config:
    """The project's configuration without what is ours: hooks, plugins, nav, overrides."""
    config: Config = {k: v for k, v in base.items() if k not in NOT_IN_REFERENCES}
    config["site_name"] = f"Synthetic benchmark ({label})"
    config["theme"] = _plain_theme(base.get("theme"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site)
    return config


def _search(base: Config) -> list[Any]:
    return _keep_plugins(base.get("plugins"), ("search",)) or ["search"]


def floor_config(base: Config, docs: Path, site: Path) -> Config:
    """Plain MkDocs + Material: the notes as pages, out of the nav, which has the home page."""
    config = _reference(base, docs, site, "floor")
    config["plugins"] = _search(base)
    config["nav"] = [{"Home": "index.md"}]
    config["not_in_nav"] = "/articles/\n/about.md"
    return config


def blog_config(base: Config, docs: Path, site: Path) -> Config:
    """Material's blog and tags plugins over the notes as posts."""
    config = _reference(base, docs, site, "blog plugin")
    config["plugins"] = [*_search(base), "blog", "tags"]
    config["nav"] = [{"Home": "index.md"}, {"Blog": "blog/index.md"}, {"Tags": "tags.md"}]
    return config
