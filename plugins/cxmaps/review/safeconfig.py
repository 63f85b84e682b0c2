"""Read what cxmaps needs from a site's mkdocs.yml without running anything in it.

MkDocs' own loader runs code: ``!!python/object/apply:…`` tags, ``!ENV``
lookups, and ``hooks:`` (Python files it imports) and plugins it loads. A
reviewer who runs ``cxmaps diff`` on a contributor's branch must not run
the contributor's code, so a revision's mkdocs.yml is read here instead:

- with PyYAML's pure-Python safe loader, where every tag (``!!python/…``,
  ``!ENV``, ``!relative``, anything) becomes an empty value, so an option
  given with a tag falls back to its default;
- refusing files over 1 MiB, files that expand (aliases, merge keys) to
  more than 100,000 values, cycles and nesting too deep to read;
- taking only ``docs_dir``, ``theme.language``, ``INHERIT`` (a parent file
  inside the site) and the cxmaps plugin's options, validated by the
  plugin's own option classes (which read no file and import nothing);
  ``hooks``, other plugins and everything else are never looked at;
- keeping every folder inside the site's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..mkdocs.config import CxmapsConfig
from ..reference.core import Settings

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
MAX_CONFIG_BYTES = 1024 * 1024
MAX_VALUES = 100_000
MAX_INHERIT = 5


class UnsafeConfigProblem(Exception):
    """The site's mkdocs.yml cannot be read safely; the message names the file and why."""


@dataclass(frozen=True)
class SafeSite:
    settings: Settings
    language: str


class _NeutralLoader(yaml.SafeLoader):
    """The safe loader, with every tag it does not know read as an empty value instead of an error."""


def _neutral(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_NeutralLoader.add_multi_constructor("", _neutral)


def read_site(folder: Path) -> SafeSite:
    """The settings of the site in `folder` (its mkdocs.yml read safely), or an empty site if it has none."""
    config_file = next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)
    if config_file is None:
        empty = Settings(
            root=folder, journeys_dir=folder / "journeys", personas_dir=folder / "personas", docs_dir=folder / "docs"
        )
        return SafeSite(empty, "en")
    data = _load_with_parents(config_file, folder.resolve())
    return SafeSite(_settings(config_file, data), _language(data))


def _load_with_parents(config_file: Path, root: Path) -> dict[str, Any]:
    """The file's mapping, over its INHERIT parents' (merged as MkDocs merges them)."""
    chain: list[dict[str, Any]] = []
    current: Path | None = config_file
    while current is not None:
        if len(chain) >= MAX_INHERIT:
            raise UnsafeConfigProblem(f"{config_file.name}: more than {MAX_INHERIT} levels of INHERIT")
        data = load_yaml(current)
        chain.append(data)
        parent = data.get("INHERIT")
        current = _inside(current.parent / parent, root, "INHERIT") if isinstance(parent, str) else None
    merged: dict[str, Any] = {}
    for data in reversed(chain):
        merged = _merge(merged, data)
    return merged


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load_yaml(path: Path) -> dict[str, Any]:
    """One YAML mapping, read without running anything and without letting it expand."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as err:
        raise UnsafeConfigProblem(f"{path.name}: cannot read it ({err.strerror})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise UnsafeConfigProblem(f"{path.name}: larger than {MAX_CONFIG_BYTES} bytes; not read")
    try:
        loader = _NeutralLoader(raw.decode("utf-8"))
        try:
            node = loader.get_single_node()
            if node is not None and _expanded_size(node, {}, set()) > MAX_VALUES:
                raise UnsafeConfigProblem(f"{path.name}: expands to more than {MAX_VALUES} values; not read")
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except UnicodeDecodeError:
        raise UnsafeConfigProblem(f"{path.name}: not UTF-8") from None
    except yaml.YAMLError as err:
        raise UnsafeConfigProblem(f"{path.name}: not valid YAML ({str(err).splitlines()[0]})") from None
    except RecursionError:
        raise UnsafeConfigProblem(f"{path.name}: nested too deeply to read") from None
    if not isinstance(data, dict):
        raise UnsafeConfigProblem(f"{path.name}: not a mapping of options")
    return data


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values the node stands for once aliases and merge keys are expanded (shared nodes counted once each use)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise UnsafeConfigProblem("mkdocs.yml: an anchor refers to itself; not read")
    open_nodes.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, sizes, open_nodes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes, open_nodes) + _expanded_size(v, sizes, open_nodes) for k, v in node.value)
    open_nodes.discard(key)
    sizes[key] = min(size, MAX_VALUES + 1)
    return sizes[key]


def _inside(path: Path, root: Path, what: str) -> Path:
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise UnsafeConfigProblem(f"mkdocs.yml: {what} '{path}' is outside the site's folder; not read")
    return resolved


def _plugin_options(data: dict[str, Any]) -> dict[str, Any] | None:
    """The options under ``plugins: - cxmaps: …`` (list or mapping form), {} for a bare ``- cxmaps``."""
    plugins = data.get("plugins")
    entries = list(plugins.items()) if isinstance(plugins, dict) else []
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, str):
            entries.append((item, {}))
        elif isinstance(item, dict):
            entries += list(item.items())
    for name, options in entries:
        if name == "cxmaps":
            return options if isinstance(options, dict) else {}
    return None


def _settings(config_file: Path, data: dict[str, Any]) -> Settings:
    options = _plugin_options(data)
    if options is None:
        raise UnsafeConfigProblem(f"{config_file.name}: the site does not use the cxmaps plugin")
    checked = CxmapsConfig(config_file_path=str(config_file))
    checked.load_dict({k: v for k, v in options.items() if k in checked and v is not None})
    failed, _warnings = checked.validate()
    if failed:
        key, error = failed[0]
        raise UnsafeConfigProblem(f"{config_file.name}: plugins.cxmaps.{key}: {error}")
    root = config_file.parent.resolve()
    docs = data.get("docs_dir")
    return Settings(
        root=root,
        journeys_dir=_inside(Path(checked.journeys), root, "journeys"),
        personas_dir=_inside(Path(checked.personas), root, "personas"),
        docs_dir=_inside(root / (docs if isinstance(docs, str) else "docs"), root, "docs_dir"),
        emotion_scale=checked.emotion_scale,
        max_file_size=checked.max_file_size,
        # Format 1.1: a revision's sources and measures, from its own folders (inside the site, like the others).
        sources_dir=_inside(Path(checked.sources), root, "sources"),
        measures_dir=_inside(Path(checked.measures), root, "measures"),
        stale_after=checked.stale_after,
        trust_docs=checked.trust_docs,
    )


def _language(data: dict[str, Any]) -> str:
    theme = data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return language if isinstance(language, str) else "en"
