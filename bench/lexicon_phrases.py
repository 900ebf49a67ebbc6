#!/usr/bin/env python3
"""Turn sendlint's phrase lexicons into a plain phrase list for `rg -F -f`.

    bench/lexicon_phrases.py [--concepts a,b,...] LEXICON_DIR > phrases.txt

Reads every `LEXICON_DIR/*.toml` (rules/lexicon/{nl,en,de,fr}.toml): each table that holds a
`patterns` array is a concept. Each pattern is a Rust regex over folded text; where it is a simple
literal, or expands to a few literals (alternations `(je|u)`, optional parts `(hier )?`, small
character classes `[- ]`), the literals are written one per line. Unbounded or open-ended parts at
either end (`\\w*`, `\\d+`) are dropped, which only widens a substring match; anything else that
is not literal (`.`, `\\d` in the middle, look-around, Unicode classes) makes the pattern skipped.

By default every concept is used, so the list holds at least the opt-out, objection-notice and
promotion concepts; `--concepts` keeps only those whose name contains one of the given words.
A summary per concept goes to standard error.

Standard library only (Python 3.11: tomllib, and the `re` module's own parser).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        from re import _parser as sre_parse  # Python 3.11+
        from re import _constants as sre_constants
    except ImportError:  # pragma: no cover - older Pythons
        import sre_constants  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]

MAX_EXPANSIONS = 64  # per pattern; more means the pattern is not "literal-ish"
MIN_PHRASE = 3  # shorter phrases would match nearly everywhere and say nothing
MAX_CLASS = 4  # a character class with more members is not expanded


class NotLiteral(Exception):
    pass


def product(left: list[str], right: list[str]) -> list[str]:
    result = [a + b for a in left for b in right]
    if len(result) > MAX_EXPANSIONS:
        raise NotLiteral("too many expansions")
    return result


def expand_item(op, av) -> list[str]:
    c = sre_constants
    if op is c.LITERAL:
        return [chr(av)]
    if op is c.AT:  # ^ $ \b \B: no text of their own
        return [""]
    if op is c.SUBPATTERN:
        return expand_sequence(av[-1])
    if op is c.BRANCH:
        result: list[str] = []
        for alternative in av[1]:
            result += expand_sequence(alternative)
        if len(result) > MAX_EXPANSIONS:
            raise NotLiteral("too many alternatives")
        return result
    if op is c.IN:
        members: list[str] = []
        for member_op, member_av in av:
            if member_op is c.LITERAL:
                members.append(chr(member_av))
            elif member_op is c.CATEGORY and member_av is c.CATEGORY_SPACE:
                members.append(" ")
            elif member_op is c.RANGE and member_av[1] - member_av[0] < MAX_CLASS:
                members += [chr(code) for code in range(member_av[0], member_av[1] + 1)]
            else:
                raise NotLiteral("character class")
        members = list(dict.fromkeys(members))
        if len(members) > MAX_CLASS:
            raise NotLiteral("large character class")
        return members
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, item = av
        options = expand_sequence(item)
        if low == 0 and high == 1:
            return [""] + options
        if low == high and 1 <= low <= 3:
            result = [""]
            for _ in range(low):
                result = product(result, options)
            return result
        if options == [" "] and low >= 1:  # ` +`, `\s+`: folded text has single spaces
            return [" "]
        raise NotLiteral("repetition")
    raise NotLiteral(str(op))


def expand_sequence(sequence) -> list[str]:
    result = [""]
    for op, av in sequence:
        result = product(result, expand_item(op, av))
    return result


def literals(pattern: str) -> list[str]:
    """The literal phrases a pattern stands for, or [] when it is not literal-ish."""
    # Rust-only spellings of a word boundary that Python's parser does not know.
    cleaned = pattern.replace("(?-u:\\b)", "").replace("(?-u:\\B)", "")
    try:
        parsed = list(sre_parse.parse(cleaned))
    except (re.error, OverflowError, RecursionError):
        return []
    # Open-ended parts at either end only widen a substring match: drop them.
    def expandable(item) -> bool:
        try:
            expand_item(*item)
            return True
        except NotLiteral:
            return False

    while parsed and not expandable(parsed[0]):
        parsed.pop(0)
    while parsed and not expandable(parsed[-1]):
        parsed.pop()
    try:
        phrases = expand_sequence(parsed)
    except NotLiteral:
        return []
    cleaned_phrases = []
    for phrase in phrases:
        phrase = " ".join(phrase.lower().split())
        if len(phrase) >= MIN_PHRASE:
            cleaned_phrases.append(phrase)
    return cleaned_phrases


def concepts(table: dict, prefix: str = ""):
    """(name, patterns) for every table holding a `patterns` list, nested tables included."""
    for key, value in table.items():
        if not isinstance(value, dict):
            continue
        name = f"{prefix}{key}"
        patterns = value.get("patterns")
        if isinstance(patterns, list):
            yield name, [pattern for pattern in patterns if isinstance(pattern, str)]
        yield from concepts(value, name + ".")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lexicon_dir")
    parser.add_argument("--concepts", default=None, help="keep concepts whose name contains one of these words")
    args = parser.parse_args(argv)
    wanted = [word.strip() for word in args.concepts.split(",")] if args.concepts else None

    files = sorted(Path(args.lexicon_dir).glob("*.toml"))
    if not files:
        print(f"error: no *.toml in {args.lexicon_dir}", file=sys.stderr)
        return 1
    phrases: dict[str, None] = {}
    summary: dict[str, list[int]] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            print(f"error: {path}: {error}", file=sys.stderr)
            return 1
        for name, patterns in concepts(data):
            if wanted and not any(word in name for word in wanted):
                continue
            counts = summary.setdefault(name, [0, 0, 0])
            for pattern in patterns:
                found = literals(pattern)
                counts[0] += 1
                counts[1] += 1 if found else 0
                for phrase in found:
                    if phrase not in phrases:
                        phrases[phrase] = None
                        counts[2] += 1
    for phrase in sorted(phrases):
        print(phrase)
    for name, (total, used, new) in sorted(summary.items()):
        print(f"  {name}: {used}/{total} patterns literal, {new} phrases", file=sys.stderr)
    print(f"  {len(phrases)} phrases from {len(files)} lexicon files", file=sys.stderr)
    return 0 if phrases else 1


if __name__ == "__main__":
    sys.exit(main())
