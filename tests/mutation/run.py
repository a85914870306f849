"""Mutation testing of the rule modules, each with the tests that own it; prints a score per module.

``python -m tests.mutation.run [name ...]`` (``make mutation``; ``make mutation-ci`` runs the small
fixed set CI can afford). For each module a scratch directory under ``var/mutation/`` gets a
``pyproject.toml`` whose ``[tool.mutmut]`` is the project's with only that module to mutate and only
its own test files to run, so a mutant counts as killed only by the tests that own the module.
mutmut copies the sources into ``mutants/`` there and runs one worker at low priority (the machine
is shared).

Score: killed (timeouts and type-check failures included) over all mutants less those listed as
equivalent, with their reason, in ``tests/mutation/equivalent.toml``. A survivor neither killed nor
listed is printed by name and fails the run, as does a score under :data:`TARGET`.
"""

import fnmatch
import json
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "var" / "mutation"
EQUIVALENT = Path(__file__).with_name("equivalent.toml")
TARGET = 0.90

KILLED_CODES = {1, 3, 24, -24, 36, 37, 152, 255}


@dataclass(frozen=True)
class Module:
    name: str
    source: str
    tests: tuple[str, ...]
    #: Functions of ``source`` to mutate (``fnmatch`` patterns of mutmut's names, such as
    #: ``x_compute_index__*``); empty: all of them.
    only: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        """mutmut's names of this module's mutants start with its dotted path."""
        return self.source.removeprefix("src/").removesuffix(".py").replace("/", ".") + "."

    def mutants(self) -> list[str]:
        """The patterns to pass to ``mutmut run`` (none: every mutant of the module)."""
        return [self.prefix + pattern for pattern in self.only]

    def owns(self, key: str) -> bool:
        if not key.startswith(self.prefix):
            return False
        return not self.only or any(fnmatch.fnmatch(key, p) for p in self.mutants())


MODULES = (
    Module(
        "calendar.rules",
        "src/motcua/calendar/rules.py",
        ("src/motcua/calendar/tests/test_rules.py",),
    ),
    Module(
        "calendar.selectors",
        "src/motcua/calendar/selectors.py",
        ("src/motcua/calendar/tests/test_selectors.py",),
    ),
    Module(
        "dossiers.deadlines",
        "src/motcua/dossiers/deadlines.py",
        ("src/motcua/dossiers/tests/test_deadlines.py",),
    ),
    Module(
        "dossiers.workflow",
        "src/motcua/dossiers/workflow.py",
        ("src/motcua/dossiers/tests/test_workflow.py",),
    ),
    Module(
        "accounts.identifiers",
        "src/motcua/accounts/identifiers.py",
        ("src/motcua/accounts/tests/test_identifiers.py",),
    ),
    Module(
        "catalog.fee_rules",
        "src/motcua/catalog/fee_rules.py",
        ("src/motcua/catalog/tests/test_fee_rules.py",),
    ),
    Module(
        "dossiers.permissions",
        "src/motcua/dossiers/permissions.py",
        ("src/motcua/dossiers/tests/test_permissions.py",),
    ),
    Module(
        "dossiers.codes",
        "src/motcua/dossiers/codes.py",
        ("src/motcua/dossiers/tests/test_codes.py",),
    ),
    # The warning window and the count of working days late; the sweep around them writes rows.
    Module(
        "dossiers.sla",
        "src/motcua/dossiers/sla.py",
        ("src/motcua/dossiers/tests/test_sla.py",),
        only=("x_warning_due__*", "x_late_working_days__*"),
    ),
    Module(
        "reporting.facts",
        "src/motcua/reporting/facts.py",
        ("src/motcua/reporting/tests/test_facts.py",),
    ),
    # The index's figures: its arithmetic and ranking, the catalogue measures, the late lists;
    # not the reads that only fetch rows or reuse a computed ranking.
    Module(
        "reporting.index",
        "src/motcua/reporting/selectors.py",
        (
            "src/motcua/reporting/tests/test_ranking.py",
            "src/motcua/reporting/tests/test_presenters.py",
            # the formulas on hand-computed counts; its small real history is an end-to-end test
            # of the tallies, slow for every mutant, and adds no case of these functions
            "src/motcua/reporting/tests/test_index.py::test_every_indicator_formula_on_hand_computed_counts",
            "src/motcua/reporting/tests/test_index.py::test_an_indicator_on_too_few_dossiers_earns_nothing_and_says_so",
            "src/motcua/reporting/tests/test_index.py::test_one_paid_fee_is_not_full_marks_and_one_dossier_is_not_ranked",
            "src/motcua/reporting/tests/test_index.py::test_an_empty_denominator_earns_nothing_and_the_maximum_is_100",
            "src/motcua/reporting/tests/test_index.py::test_a_definitions_file_changes_an_indicator",
        ),
        only=(
            "xǁPeriodǁ*",
            "xǁIndicatorValueǁ*",
            "xǁGroupValueǁ*",
            "xǁIndexValueǁ*",
            "x_compute_index__*",
            "x_ranking__*",
            "x_catalog_counts__*",
            "x_overall_of__*",
            "xǁOfficerStepsǁ*",
            "x_officer_steps__*",
            "x_late_dossiers__*",
        ),
    ),
    # The overlap scoring and the reading of names and legal bases it scores with, each with its
    # fast tests; the labelled-set test needs the database and would take hours per run.
    Module(
        "reform.overlap",
        "src/motcua/reform/overlap.py",
        (
            "src/motcua/reform/tests/test_overlap_scoring.py",
            "src/motcua/reform/tests/test_overlap.py",
            "-m",
            "not django_db",
        ),
    ),
    Module(
        "reform.overlap_items",
        "src/motcua/reform/overlap_items.py",
        (
            "src/motcua/reform/tests/test_overlap_scoring.py",
            "src/motcua/reform/tests/test_overlap.py",
            "src/motcua/reform/tests/test_overlap_items.py",
            "-m",
            "not django_db",
        ),
    ),
    Module(
        "reform.overlap_parts",
        "src/motcua/reform/overlap_parts.py",
        (
            "src/motcua/reform/tests/test_overlap_scoring.py",
            "src/motcua/reform/tests/test_overlap_cases.py",
            "src/motcua/reform/tests/test_overlap_wording.py",
            "-m",
            "not django_db",
        ),
    ),
    Module(
        "reform.overlap_names",
        "src/motcua/reform/overlap_names.py",
        ("src/motcua/reform/tests/test_overlap_names.py", "-m", "not django_db"),
    ),
    Module(
        "reform.overlap_sets",
        "src/motcua/reform/overlap_sets.py",
        ("src/motcua/reform/tests/test_overlap_sets.py", "-m", "not django_db"),
    ),
    Module(
        "reform.overlap_decisions",
        "src/motcua/reform/overlap_decisions.py",
        ("src/motcua/reform/tests/test_overlap_decisions.py", "-m", "not django_db"),
    ),
    Module(
        "reform.overlap_legal",
        "src/motcua/reform/overlap_legal.py",
        (
            "src/motcua/reform/tests/test_overlap_legal.py",
            "src/motcua/reform/tests/test_overlap_scoring.py",
            "src/motcua/reform/tests/test_overlap.py",
            "-m",
            "not django_db",
        ),
    ),
    Module(
        "reform.overlap_text",
        "src/motcua/reform/overlap_text.py",
        (
            "src/motcua/reform/tests/test_overlap_text.py",
            "src/motcua/reform/tests/test_overlap_scoring.py",
            "src/motcua/reform/tests/test_overlap.py",
            "-m",
            "not django_db",
        ),
    ),
)


@dataclass(frozen=True)
class Score:
    module: Module
    total: int
    killed: int
    equivalent: int
    survivors: tuple[str, ...]
    stale: tuple[str, ...]

    @property
    def value(self) -> float:
        counted = self.total - self.equivalent
        return self.killed / counted if counted else 1.0


def _toml_value(value: Any) -> str:
    # JSON strings, numbers, booleans and arrays of them are valid TOML.
    return json.dumps(value, ensure_ascii=False)


def _pytest_section() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    start = text.index("[tool.pytest.ini_options]")
    end = text.find("\n[", start + 1)
    return text[start : end if end != -1 else len(text)].rstrip() + "\n"


def _prepare(module: Module) -> Path:
    base: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    settings = dict(base["tool"]["mutmut"])
    settings["only_mutate"] = [module.source]
    settings["pytest_add_cli_args_test_selection"] = list(module.tests)
    work = WORK / module.name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "src").symlink_to(ROOT / "src", target_is_directory=True)
    shutil.copy2(ROOT / "conftest.py", work / "conftest.py")
    lines = ["[tool.mutmut]"] + [f"{key} = {_toml_value(v)}" for key, v in settings.items()]
    (work / "pyproject.toml").write_text(
        "\n".join(lines) + "\n\n" + _pytest_section(), encoding="utf-8"
    )
    return work


def _equivalents() -> dict[str, str]:
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {row["mutant"]: row["reason"] for row in data.get("equivalent", [])}


def _score(module: Module, work: Path, equivalents: dict[str, str]) -> Score:
    meta = work / "mutants" / f"{module.source}.meta"
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    mine = {k: v for k, v in codes.items() if module.owns(k)}
    killed = sum(1 for code in mine.values() if code in KILLED_CODES)
    alive = sorted(k for k, code in mine.items() if code not in KILLED_CODES)
    listed = [k for k in alive if k in equivalents]
    stale = tuple(sorted(k for k in equivalents if module.owns(k) and k not in alive))
    return Score(
        module=module,
        total=len(mine),
        killed=killed,
        equivalent=len(listed),
        survivors=tuple(k for k in alive if k not in equivalents),
        stale=stale,
    )


def run(module: Module) -> Score:
    work = _prepare(module)
    mutmut = Path(sys.executable).with_name("mutmut")
    command = ["nice", "-n", "10", str(mutmut), "run", "--max-children", "1", *module.mutants()]
    with (work / "mutmut.log").open("w", encoding="utf-8") as log:
        subprocess.run(command, cwd=work, stdout=log, stderr=subprocess.STDOUT, check=False)
    return _score(module, work, _equivalents())


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(names: list[str]) -> int:
    by_name = {m.name: m for m in MODULES}
    unknown = set(names) - set(by_name)
    if unknown:
        sys.stderr.write(f"unknown module(s): {', '.join(sorted(unknown))}\n")
        return 2
    chosen = [by_name[name] for name in names] if names else list(MODULES)
    failed = False
    for module in chosen:
        score = run(module)
        _say(
            f"{module.name:24} {score.value:7.1%}  killed {score.killed} of {score.total} "
            f"({score.equivalent} equivalent, {len(score.survivors)} surviving)"
        )
        for name in score.survivors:
            _say(f"    survived: {name}  (mutmut show {name}, in {WORK / module.name})")
        for name in score.stale:
            _say(f"    listed as equivalent but no longer surviving: {name}")
        failed = failed or score.value < TARGET or bool(score.survivors) or bool(score.stale)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
