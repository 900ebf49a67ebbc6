#!/usr/bin/env python3
"""Per-rule precision and recall of sendlint against the labelled sets.

The labelled sets live next to the repository, in ../shared/devset and ../shared/corpus (see their
README.md files). For each labelled file sendlint is run with exactly the context that the set's
README prescribes; the rule ids it reports at warning or error level, restricted to the rules the
set labels, are compared with the `expected` column.

    scripts/eval-labels.py [--bin PATH] [--set devset|corpus|all] [--verbose] [--min 0.95]
                           [--rules a,b,...] [--shared DIR] [--include-eml] [--timeout SECONDS]

Files whose flags are identical are checked by one process, many paths at once; a batch that
crashes or times out is re-run one file at a time to find the culprit. A file that crashes, times
out or is not reported (exit code 2: unreadable) counts as an error and is left out of the
precision/recall counts.

Exit code: 0 when all is well; 1 when --min is given and a rule falls below it, or --min is given
and some file ended in an error; 2 on a usage problem (missing binary or label file).

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# The rule ids each set labels, as its README lists them. Ids found in the `expected` column are
# added to these; the lists matter for rules that have no labelled positive case in a set.
DEVSET_RULES = [
    "missing-unsubscribe",
    "unsubscribe-text-without-link",
    "unsubscribe-link-unresolved",
    "hidden-unsubscribe",
    "unsubscribe-requires-login",
    "unsubscribe-extra-steps",
    "paid-unsubscribe",
    "missing-objection-notice",
    "missing-sender-identity",
    "missing-postal-address",
    "sms-missing-stop-keyword",
    "pre-ticked-consent",
    "bundled-consent",
    "opt-out-consent-wording",
    "marketing-in-transactional",
]
CORPUS_RULES = [
    "missing-unsubscribe",
    "missing-objection-notice",
    "missing-sender-identity",
    "pre-ticked-consent",
    "bundled-consent",
]

REPORTED_SEVERITIES = {"warning", "error"}
# Paths per process: keeps the command line well under any OS limit.
MAX_BATCH = 200


@dataclass
class Case:
    """One labelled file."""

    set_name: str
    file: str  # as written in LABELS.tsv, relative to the set folder
    flags: tuple[str, ...]
    expected: frozenset[str]
    notes: str
    predicted: frozenset[str] | None = None  # None until checked, or when it ended in an error
    error: str | None = None
    other_rules: frozenset[str] = frozenset()  # warning/error rules outside the set's vocabulary


@dataclass
class LabelledSet:
    name: str
    folder: Path
    vocabulary: list[str]
    cases: list[Case] = field(default_factory=list)
    skipped_eml: int = 0


# ----------------------------------------------------------------------------------------------
# Reading the label files


def split_ids(cell: str) -> frozenset[str]:
    cell = cell.strip()
    if cell in ("", "-"):
        return frozenset()
    return frozenset(part.strip() for part in cell.split(",") if part.strip())


def read_rows(path: Path) -> list[dict[str, str]]:
    # The corpus quotes some cells CSV-style ("... ""x"" ..."), so use the csv module.
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_devset(folder: Path) -> LabelledSet:
    labelled = LabelledSet("devset", folder, list(DEVSET_RULES))
    for row in read_rows(folder / "LABELS.tsv"):
        flags = (
            "--no-config",
            "--format", "json",
            "--channel", row["channel"],
            "--purpose", row["purpose"],
            "--audience", row["audience"],
            "--lang", row["language"],
            "--jurisdiction", row["jurisdiction"],
        )
        labelled.cases.append(
            Case("devset", row["file"], flags, split_ids(row["expected"]), row.get("notes", ""))
        )
    extend_vocabulary(labelled)
    return labelled


def load_corpus(folder: Path, include_eml: bool) -> LabelledSet:
    labelled = LabelledSet("corpus", folder, list(CORPUS_RULES))
    for row in read_rows(folder / "LABELS.tsv"):
        if row["format"].strip() == "eml" and not include_eml:
            labelled.skipped_eml += 1
            continue
        flags = ["--no-config", "--format", "json", "--channel", row["channel"]]
        if row["purpose"].strip() not in ("", "-"):
            flags += ["--purpose", row["purpose"]]
        labelled.cases.append(
            Case("corpus", row["file"], tuple(flags), split_ids(row["expected"]), row.get("notes", ""))
        )
    extend_vocabulary(labelled)
    return labelled


def extend_vocabulary(labelled: LabelledSet) -> None:
    for case in labelled.cases:
        for rule in sorted(case.expected):
            if rule not in labelled.vocabulary:
                labelled.vocabulary.append(rule)


# ----------------------------------------------------------------------------------------------
# Running the binary


def normalise(path: str, cwd: Path) -> str:
    """A path as sendlint may print it, reduced to the form used in LABELS.tsv."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path, cwd)
        except ValueError:
            pass
    return os.path.normpath(path).replace(os.sep, "/")


@dataclass
class RunResult:
    ok: bool  # the process ended normally (exit 0, 1 or 2) and printed a JSON report
    reason: str  # why not, when not ok
    returncode: int | None
    report: dict | None
    stderr: str


def run_binary(binary: Path, flags: tuple[str, ...], paths: list[str], cwd: Path, timeout: float) -> RunResult:
    command = [str(binary), "check", *flags, "--", *paths]
    try:
        completed = subprocess.run(
            command, cwd=cwd, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as expired:
        stderr = (expired.stderr or b"").decode("utf-8", "replace")
        return RunResult(False, f"timed out after {timeout:.0f} s", None, None, stderr)
    except OSError as error:
        return RunResult(False, f"could not start: {error}", None, None, "")
    stderr = completed.stderr.decode("utf-8", "replace")
    code = completed.returncode
    if code < 0:
        return RunResult(False, f"killed by signal {-code}", code, None, stderr)
    if code not in (0, 1, 2):
        return RunResult(False, f"exit code {code} (crash?)", code, None, stderr)
    try:
        report = json.loads(completed.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return RunResult(False, f"exit code {code}, output is not JSON ({error})", code, None, stderr)
    if not isinstance(report, dict) or not isinstance(report.get("diagnostics", []), list):
        return RunResult(False, f"exit code {code}, JSON is not a sendlint report", code, None, stderr)
    return RunResult(True, "", code, report, stderr)


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "(no stderr)"


def stderr_for(path: str, stderr: str, alone: bool) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    mentioning = [line for line in lines if path in line]
    if mentioning:
        return " | ".join(mentioning)
    if alone and lines:
        return " | ".join(lines[-3:])
    return "(stderr names no such file)"


def apply_report(cases: list[Case], result: RunResult, vocabulary: set[str], cwd: Path, warnings: list[str]) -> None:
    report = result.report or {}
    by_path = {normalise(case.file, cwd): case for case in cases}
    found: dict[str, set[str]] = {key: set() for key in by_path}
    other: dict[str, set[str]] = {key: set() for key in by_path}
    errors_seen = False
    for diagnostic in report.get("diagnostics", []):
        severity = diagnostic.get("severity")
        errors_seen |= severity == "error"
        key = normalise(str(diagnostic.get("path", "")), cwd)
        if key not in found:
            warnings.append(f"diagnostic for a path that was not asked for: {diagnostic.get('path')!r} ({diagnostic.get('rule')})")
            continue
        if severity not in REPORTED_SEVERITIES:
            continue
        rule = str(diagnostic.get("rule"))
        (found if rule in vocabulary else other)[key].add(rule)

    checked: set[str] | None = None
    if isinstance(report.get("files"), list):
        checked = {normalise(str(entry.get("path", "")), cwd) for entry in report["files"] if isinstance(entry, dict)}

    for key, case in by_path.items():
        if checked is not None and key not in checked and not found[key] and not other[key]:
            detail = stderr_for(case.file, result.stderr, alone=len(cases) == 1)
            case.error = f"not reported (exit code {result.returncode}): {detail}"
            continue
        case.predicted = frozenset(found[key])
        case.other_rules = frozenset(other[key])

    # DESIGN.md: exit 1 exactly when there is a finding at or above --fail-on (default: error).
    if result.returncode in (0, 1) and (result.returncode == 1) != errors_seen:
        warnings.append(
            f"exit code {result.returncode} but {'some' if errors_seen else 'no'} error-level findings "
            f"for: {', '.join(case.file for case in cases[:3])}{' ...' if len(cases) > 3 else ''}"
        )


def check_set(labelled: LabelledSet, binary: Path, timeout: float, warnings: list[str]) -> None:
    vocabulary = set(labelled.vocabulary)
    batches: dict[tuple[str, ...], list[Case]] = {}
    for case in labelled.cases:
        if not (labelled.folder / case.file).is_file():
            case.error = "file missing from the set folder"
            continue
        batches.setdefault(case.flags, []).append(case)

    for flags, cases in batches.items():
        for start in range(0, len(cases), MAX_BATCH):
            chunk = cases[start : start + MAX_BATCH]
            batch_timeout = timeout * (1 + len(chunk) / 10)
            result = run_binary(binary, flags, [case.file for case in chunk], labelled.folder, batch_timeout)
            if result.ok:
                apply_report(chunk, result, vocabulary, labelled.folder, warnings)
                continue
            if len(chunk) == 1:
                chunk[0].error = f"{result.reason}: {last_line(result.stderr)}"
                continue
            # Find the file(s) responsible: one process per file.
            warnings.append(
                f"{labelled.name}: a batch of {len(chunk)} files failed ({result.reason}); re-running one by one"
            )
            for case in chunk:
                single = run_binary(binary, flags, [case.file], labelled.folder, timeout)
                if single.ok:
                    apply_report([case], single, vocabulary, labelled.folder, warnings)
                else:
                    case.error = f"{single.reason}: {last_line(single.stderr)}"


# ----------------------------------------------------------------------------------------------
# Scoring and printing


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def positives(self) -> int:
        return self.tp + self.fn


def score(labelled: LabelledSet, rules: list[str]) -> dict[str, Score]:
    scores = {rule: Score() for rule in rules if rule in labelled.vocabulary}
    for case in labelled.cases:
        if case.predicted is None:
            continue
        for rule, counts in scores.items():
            expected, predicted = rule in case.expected, rule in case.predicted
            if expected and predicted:
                counts.tp += 1
            elif predicted:
                counts.fp += 1
            elif expected:
                counts.fn += 1
    return scores


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def print_table(title: str, scores: dict[str, Score]) -> None:
    print(title)
    width = max([len("rule")] + [len(rule) for rule in scores])
    print(f"  {'rule':<{width}}  {'TP':>4} {'FP':>4} {'FN':>4}  {'precision':>9}  {'recall':>6}")
    total = Score()
    for rule, counts in scores.items():
        total.add(counts)
        remark = "  (no labelled cases)" if counts.positives == 0 else ""
        print(
            f"  {rule:<{width}}  {counts.tp:>4} {counts.fp:>4} {counts.fn:>4}  "
            f"{fmt(counts.precision):>9}  {fmt(counts.recall):>6}{remark}"
        )
    print(
        f"  {'(all rules, micro)':<{width}}  {total.tp:>4} {total.fp:>4} {total.fn:>4}  "
        f"{fmt(total.precision):>9}  {fmt(total.recall):>6}"
    )
    print()


def print_details(labelled: LabelledSet, rules: list[str]) -> None:
    wanted = set(rules) & set(labelled.vocabulary)
    lines = []
    count = 0
    for case in labelled.cases:
        if case.predicted is None:
            continue
        fps = sorted((case.predicted - case.expected) & wanted)
        fns = sorted((case.expected - case.predicted) & wanted)
        if not fps and not fns:
            continue
        parts = []
        if fps:
            parts.append("FP " + ",".join(fps))
        if fns:
            parts.append("FN " + ",".join(fns))
        count += 1
        lines.append(f"  {case.file}: {'; '.join(parts)}")
        lines.append(f"      expected: {','.join(sorted(case.expected)) or '-'}   "
                     f"got: {','.join(sorted(case.predicted)) or '-'}")
        if case.notes:
            lines.append(f"      notes: {case.notes}")
    print(f"{labelled.name}: {count} files with a false positive or false negative")
    print("\n".join(lines) if lines else "  none")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="target/release/sendlint", help="sendlint binary (relative to the repository root)")
    parser.add_argument("--set", choices=["devset", "corpus", "all"], default="all", dest="which")
    parser.add_argument("--shared", default="../shared", help="folder holding devset/ and corpus/ (relative to the repository root)")
    parser.add_argument("--verbose", action="store_true", help="list each false positive / false negative with its notes")
    parser.add_argument("--min", type=float, default=None, help="exit 1 if a rule's precision or recall falls below this")
    parser.add_argument("--rules", default=None, help="comma-separated rule ids to report (default: all labelled)")
    parser.add_argument("--include-eml", action="store_true", help="also run the corpus's .eml rows (MIME support)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per file before a run counts as hung (default 30)")
    args = parser.parse_args(argv)

    binary = Path(args.bin)
    if not binary.is_absolute():
        binary = (REPO_ROOT / binary).resolve()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        print(f"error: no sendlint binary at {binary}; build it with `cargo build --release` or pass --bin", file=sys.stderr)
        return 2
    shared = Path(args.shared)
    if not shared.is_absolute():
        shared = (REPO_ROOT / shared).resolve()

    sets: list[LabelledSet] = []
    try:
        if args.which in ("devset", "all"):
            sets.append(load_devset(shared / "devset"))
        if args.which in ("corpus", "all"):
            sets.append(load_corpus(shared / "corpus", args.include_eml))
    except (OSError, KeyError) as error:
        print(f"error: cannot read the labels under {shared}: {error}", file=sys.stderr)
        return 2

    all_rules: list[str] = []
    for labelled in sets:
        all_rules += [rule for rule in labelled.vocabulary if rule not in all_rules]
    if args.rules:
        rules = [rule.strip() for rule in args.rules.split(",") if rule.strip()]
        unknown = [rule for rule in rules if rule not in all_rules]
        if unknown:
            print(f"warning: not labelled in the chosen set(s), ignored: {', '.join(unknown)}", file=sys.stderr)
        rules = [rule for rule in rules if rule in all_rules]
    else:
        rules = all_rules

    print(f"sendlint: {binary}")
    warnings: list[str] = []
    for labelled in sets:
        check_set(labelled, binary, args.timeout, warnings)
    print()

    failures: list[str] = []
    combined = {rule: Score() for rule in rules}
    total_errors = 0
    for labelled in sets:
        errors = [case for case in labelled.cases if case.error]
        total_errors += len(errors)
        header = f"{labelled.name}: {len(labelled.cases) - len(errors)} files scored, {len(errors)} errors"
        if labelled.skipped_eml:
            header += f", {labelled.skipped_eml} .eml rows skipped (--include-eml runs them too)"
        scores = score(labelled, rules)
        print_table(header, scores)
        for rule, counts in scores.items():
            combined[rule].add(counts)
            if args.min is not None:
                for name, value in (("precision", counts.precision), ("recall", counts.recall)):
                    if value is not None and value < args.min:
                        failures.append(f"{labelled.name} {rule}: {name} {value:.3f} < {args.min}")
        if errors:
            print(f"{labelled.name}: errors")
            for case in errors:
                print(f"  {case.file}: {case.error}")
            print()
        if args.verbose:
            print_details(labelled, rules)

    if len(sets) > 1:
        print_table("combined", combined)

    for labelled in sets:
        unlabelled = [rule for rule in labelled.vocabulary if rule in rules and not any(rule in case.expected for case in labelled.cases)]
        if unlabelled:
            print(f"{labelled.name}: no labelled cases for {', '.join(unlabelled)}")
    unlabelled_all = [rule for rule in rules if not any(rule in case.expected for labelled in sets for case in labelled.cases)]
    if len(sets) > 1 and unlabelled_all:
        print(f"combined: no labelled cases for {', '.join(unlabelled_all)}")

    # Rules the sets do not label at all: their warnings and errors on labelled files are not
    # scored, but each one is a claim about a file whose labels say nothing of it; list them so
    # that a new rule's false alarms are seen.
    for labelled in sets:
        tally: dict[str, list[str]] = {}
        for case in labelled.cases:
            for rule in case.other_rules:
                tally.setdefault(rule, []).append(case.file)
        if tally:
            print(f"{labelled.name}: findings of rules it does not label (warning or error)")
            for rule, files in sorted(tally.items()):
                shown = ", ".join(files[:4]) + (" ..." if len(files) > 4 else "")
                print(f"  {rule:<40} {len(files):>3} files: {shown}")
        else:
            print(f"{labelled.name}: no findings of rules it does not label")

    if warnings:
        print()
        print("warnings:")
        for warning in dict.fromkeys(warnings):
            print(f"  {warning}")

    if args.min is not None:
        print()
        if total_errors:
            failures.append(f"{total_errors} file(s) ended in an error")
        if failures:
            print(f"FAIL (--min {args.min}):")
            for failure in failures:
                print(f"  {failure}")
            return 1
        print(f"PASS: every rule with labelled cases or predictions is at or above {args.min}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
