"""Which characters OpenCC's Traditional-to-Simplified conversion can change: a table made once from
its dictionaries, so that the Traditional-script check can skip the conversion when it cannot matter.

OpenCC converts by replacing dictionary keys (single characters and phrases) with their first value.
A character of the text can come out different only where a key matched with a value that differs
from the key at that position; so only characters that stand at such a position in some key
(``changing``) can change, and a text with few of them cannot have many changed characters. A key
whose value has another length shifts every later offset; its characters (and, through the steps of
the chain, every character that a step turns into one of them) are ``length_changing``, and a text
holding one of them gets no shortcut.

The table is written from the installed OpenCC's dictionaries with its own ``opencc_dict`` tool
(``python -m govgraph.read.script_keys``) and names the OpenCC version it was made from;
:mod:`govgraph.read.script` uses it only when that version is the one installed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("opencc_t2s_keys.json")
CONFIGS = ("hk2s", "tw2s")  # the chain that script.py runs, in order


@dataclass(frozen=True)
class KeyTable:
    """The characters a conversion can change, and those of keys whose value has another length."""

    opencc: str
    changing: frozenset[str]
    length_changing: frozenset[str]


def opencc_version() -> str | None:
    """The installed OpenCC Python package's version, or None when it is not installed."""
    from importlib import metadata

    try:
        return metadata.version("opencc")
    except metadata.PackageNotFoundError:
        return None


def load_table(path: Path = TABLE) -> KeyTable | None:
    """The shipped table, or None when it is missing or unreadable (the check then always converts)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return KeyTable(data["opencc"], frozenset(data["changing"]), frozenset(data["length_changing"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def entries(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(key, value used) pairs of a dictionary in OpenCC's text format: ``key<TAB>value [value …]``;
    OpenCC converts a key to its first value.

    >>> list(entries(["乾燥\\t干燥\\n", "著\\t著 着\\n"]))
    [('乾燥', '干燥'), ('著', '著')]
    """
    for line in lines:
        line = line.rstrip("\n")
        if "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        yield key, values.split(" ")[0]


def key_table(opencc: str, pairs: Iterable[tuple[str, str]]) -> KeyTable:
    """The table of a set of dictionary entries (all the dictionaries of the chain together).

    >>> t = key_table("x", [("乾燥", "干燥"), ("穿著", "穿着"), ("麼", "么"), ("瞭解", "了解"), ("於", "于于")])
    >>> "".join(sorted(t.changing)), "".join(sorted(t.length_changing))
    ('乾於瞭著麼', '於')
    """
    changing: set[str] = set()
    length_changing: set[str] = set()
    steps: list[tuple[str, str]] = []  # (a key's character, what it becomes), where they differ
    for key, value in pairs:
        if len(key) != len(value):
            changing.update(key)
            length_changing.update(key)
            continue
        for a, b in zip(key, value, strict=True):
            if a != b:
                changing.add(a)
                steps.append((a, b))
    grown = True
    while grown:  # a character that a step turns into a length-changing key's character
        grown = False
        for a, b in steps:
            if b in length_changing and a not in length_changing:
                length_changing.add(a)
                grown = True
    return KeyTable(opencc, frozenset(changing), frozenset(length_changing))


def _dictionary_files(config: dict[str, object]) -> Iterator[str]:
    """Every dictionary file a configuration names (segmentation, normalisation, conversion)."""
    stack: list[object] = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("file"), str):
                yield item["file"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def installed_pairs() -> Iterator[tuple[str, str]]:
    """Every entry of every dictionary the chain's configurations use, read from the installed
    OpenCC with its ``opencc_dict`` tool (raises OSError when the tool or a file is missing)."""
    import opencc

    clib = Path(opencc.__file__).with_name("clib")
    share, tool = clib / "share" / "opencc", clib / "bin" / "opencc_dict"
    files: list[str] = []
    for name in CONFIGS:
        config = json.loads((share / f"{name}.json").read_text(encoding="utf-8"))
        files.extend(f for f in _dictionary_files(config) if f not in files)
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            out = Path(tmp) / f"{f}.txt"
            cmd = [str(tool), "-i", str(share / f), "-o", str(out), "-f", "ocd2" if f.endswith(".ocd2") else "text"]
            subprocess.run([*cmd, "-t", "text"], check=True, capture_output=True)
            yield from entries(out.read_text(encoding="utf-8").splitlines())


def installed_table() -> KeyTable:
    """The table of the installed OpenCC, made afresh from its dictionaries."""
    version = opencc_version()
    if version is None:
        raise OSError("OpenCC is not installed")
    return key_table(version, installed_pairs())


def write_table(table: KeyTable, path: Path = TABLE) -> None:
    """Write a table as the JSON file :func:`load_table` reads."""
    data = {
        "opencc": table.opencc,
        "configs": list(CONFIGS),
        "changing": "".join(sorted(table.changing)),
        "length_changing": "".join(sorted(table.length_changing)),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> int:
    """Write the table of the installed OpenCC next to this module."""
    try:
        table = installed_table()
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"govgraph: cannot read OpenCC's dictionaries: {e}", file=sys.stderr)
        return 1
    write_table(table)
    print(
        f"{TABLE}: OpenCC {table.opencc}, {len(table.changing)} characters, {len(table.length_changing)} length-changing"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
