"""Reproducibility of whole results folders across processes, through the real dispatchsim binary.

Same plan, same files, byte for byte, manifest.json included: whatever --jobs is, whether the
sweep ran in one piece, as shards joined by `dispatchsim merge`, killed with SIGKILL and finished
with --resume, or as shards on a Dask cluster (scripts/dask_sweep.py). Results/README.md promises
this, and merge and --resume rely on it: they accept only folders whose plan fingerprint matches.

Every run here is a separate process. Swift seeds its Set and Dictionary hashing per process, so
output that depends on hash order (a Set encoded into manifest.json, a sum taken in dictionary
order) is identical within one process and differs between two: only a second process shows it.
SWIFT_DETERMINISTIC_HASHING is removed from the environment of every process started here, so a
developer's shell cannot hide such a defect.

Runs are short (a few simulated hours or days, 2 replications; see `short_options`) so that the
file takes about 40 s with the debug build that scripts/test.sh tests (under 10 s with the release
build). The binary is $DISPATCHSIM when set, else what scripts/dask_sweep.py finds by default; the
tests are skipped only when there is none. Results go to pytest's temporary folders, never to
Results/.
"""

from __future__ import annotations

import difflib
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = REPO_ROOT / "Scenarios"
FUNDING_SPLIT = SCENARIOS / "funding-split.yaml"
DASK_DRIVER = REPO_ROOT / "scripts" / "dask_sweep.py"

# Every scenario and sweep file, found anew at each collection so that new files are covered.
# Chicago's uncertainty analysis is left out: its 200 draws, each with its baseline, take over
# 8 minutes a process in a debug build even at the short horizon below. Its code is covered by
# examples/small-uncertainty.yaml (the same uncertainty block machinery, 40 draws) and its city by
# chicago-crisis-split.yaml.
TOO_LONG = {"chicago-split-uncertainty.yaml"}
SCENARIO_FILES = [p for p in sorted(SCENARIOS.glob("*.yaml")) + sorted(SCENARIOS.glob("examples/*.yaml"))
                  if p.name not in TOO_LONG]

# Short runs: (horizon, warm-up) for --set, the warm-up always shorter than the horizon. Both are
# set for every file: a sweep file's --set applies to its base scenario, and warmup may be set
# where a file leaves it out. Two days cover the shift changes of teams with coverage hours. The
# Chicago sweep (18 points, each run also simulating its baseline) gets 12 hours that take in the
# crisis teams' 09:00 start; it is run six times over below.
SHORT_DEFAULT = ("2 days", "6 h")
SHORT_BY_FILE = {"funding-split.yaml": ("12 h", "8 h")}
REPLICATIONS = "2"

TIMEOUT = 300          # seconds, for one dispatchsim process (the debug build takes 8 s at most)
DASK_TIMEOUT = 600     # seconds, for the Dask driver (cluster start-up, four shards, the merge)
POLL_SECONDS = 0.002   # between looks at a sweep's runs/ folder while it is running
IN_PROGRESS = ("sweep.json", "runs", "shard.json")   # what a finished one-piece folder must not hold



# Processes.

def process_environment() -> dict[str, str]:
    """This process's environment without SWIFT_DETERMINISTIC_HASHING: every child hashes with its
    own random seed, as it does for users."""
    environment = dict(os.environ)
    environment.pop("SWIFT_DETERMINISTIC_HASHING", None)
    return environment


def start(command: list[str], **options) -> subprocess.Popen:
    """Starts `command` in a process group of its own (so that it can be killed with its children,
    such as Dask workers), from the repository, with the environment above."""
    return subprocess.Popen([str(part) for part in command], cwd=REPO_ROOT, env=process_environment(),
                            start_new_session=True, text=True, **options)


def finish(process: subprocess.Popen, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Waits for a process started with stdout and stderr piped, killing its group on timeout."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"timed out after {timeout} s, killed: {shlex.join(process.args)}\n{tail(err)}")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run_ok(command: list, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Runs `command` to the end and fails the test, with what it printed, unless it succeeds."""
    result = finish(start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE), timeout)
    if result.returncode != 0:
        pytest.fail(f"exit status {result.returncode}: {shlex.join(result.args)}\n"
                    f"{tail(result.stderr)}{tail(result.stdout)}")
    return result


def tail(text: str | None, lines: int = 15) -> str:
    kept = (text or "").strip().splitlines()[-lines:]
    return "".join(f"  | {line}\n" for line in kept)


# Plans.

def is_sweep(path: Path) -> bool:
    """A sweep file has a top-level `base:` key; every other file is a scenario."""
    document = yaml.safe_load(path.read_text())
    return isinstance(document, dict) and "base" in document


def short_options(path: Path) -> list[str]:
    """The options that keep a run of `path` short (the same for every process of a comparison)."""
    horizon, warmup = SHORT_BY_FILE.get(path.name, SHORT_DEFAULT)
    return ["--set", f"horizon={horizon}", "--set", f"warmup={warmup}", "--replications", REPLICATIONS]


def one_piece_command(binary: Path, path: Path, out: Path, jobs: int) -> list:
    """`dispatchsim run` or `sweep` of `path`, shortened, into `out`."""
    return [binary, "sweep" if is_sweep(path) else "run", path, "--out", out, "--jobs", str(jobs),
            "--quiet", *short_options(path)]


# Folders.

def folder_files(folder: Path) -> dict[str, Path]:
    """Every file under `folder`, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_finished(folder: Path) -> None:
    """`folder` holds finished results: a manifest and summary, nothing of a run in progress."""
    names = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    assert {"manifest.json", "summary.csv"} <= names, f"{folder}: not a finished results folder: {sorted(names)}"
    leftovers = sorted(names & set(IN_PROGRESS))
    assert not leftovers, f"{folder}: a finished folder still holds {leftovers}"


def short_diff(expected: bytes, actual: bytes, expected_name: str, actual_name: str,
               max_lines: int = 40, max_width: int = 160) -> str:
    """The first lines of a unified diff of two files, long lines cut."""
    diff = difflib.unified_diff(expected.decode("utf-8", "replace").splitlines(),
                                actual.decode("utf-8", "replace").splitlines(),
                                expected_name, actual_name, n=2, lineterm="")
    lines = []
    for i, line in enumerate(diff):
        if i == max_lines:
            lines.append("  ... (diff cut)")
            break
        lines.append("  " + (line if len(line) <= max_width else line[:max_width] + " ..."))
    return "\n".join(lines)


def compare_folders(expected: Path, actual: Path) -> None:
    """Fails unless the two folders hold the same file names with the same bytes, naming the files
    that differ and showing a short diff of the first."""
    want, got = folder_files(expected), folder_files(actual)
    problems = []
    if set(want) != set(got):
        problems.append(f"different files: only in {expected}: {sorted(set(want) - set(got))}; "
                        f"only in {actual}: {sorted(set(got) - set(want))}")
    differing = [name for name in sorted(set(want) & set(got))
                 if want[name].read_bytes() != got[name].read_bytes()]
    if differing:
        first = differing[0]
        problems.append(f"{len(differing)} of {len(set(want) & set(got))} files differ: {differing}; "
                        f"the first, {first}:\n"
                        + short_diff(want[first].read_bytes(), got[first].read_bytes(),
                                     str(want[first]), str(got[first])))
    if problems:
        pytest.fail(f"{actual} is not byte-identical to {expected}:\n" + "\n".join(problems),
                    pytrace=False)


def saved_runs(folder: Path) -> list[str]:
    """The finished runs a sweep in progress has saved: runs/pPPPPP-rRRRRR.json (each written to a
    dot-named temporary file and renamed, so a listed run is complete)."""
    runs = folder / "runs"
    try:
        names = os.listdir(runs)
    except FileNotFoundError:
        return []
    return sorted(n for n in names if n.endswith(".json") and not n.startswith("."))


# Fixtures.

@pytest.fixture(scope="session")
def one_piece(dispatchsim, tmp_path_factory):
    """A function giving the one-piece results (--jobs 2) of a file, made once per session: the
    reference that funding-split.yaml's shards, resume and Dask runs must reproduce."""
    made: dict[Path, Path | str] = {}

    def get(path: Path) -> Path:
        if path not in made:
            out = tmp_path_factory.mktemp("one-piece") / path.stem
            made[path] = f"the one-piece run of {path.name} failed earlier"
            run_ok(one_piece_command(dispatchsim, path, out, jobs=2))
            assert_finished(out)
            made[path] = out
        if isinstance(made[path], str):
            pytest.fail(made[path])
        return made[path]

    return get


@pytest.fixture(scope="session")
def funding_split_reference(one_piece) -> Path:
    return one_piece(FUNDING_SPLIT)


# Tests.

@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.relative_to(SCENARIOS).as_posix())
def test_two_processes_write_identical_folders(dispatchsim, one_piece, path, tmp_path):
    """`run` (or `sweep`) of one file in two processes, --jobs 2 and --jobs 1: the same folder."""
    first = one_piece(path)
    second = tmp_path / path.stem
    run_ok(one_piece_command(dispatchsim, path, second, jobs=1))
    assert_finished(second)
    compare_folders(first, second)


def test_merged_shards_equal_the_one_piece_sweep(dispatchsim, funding_split_reference, tmp_path):
    """funding-split.yaml as shards 1/2 and 2/2 in two processes, then `merge` in a third."""
    shards = [tmp_path / "shard-1", tmp_path / "shard-2"]
    running = [start([dispatchsim, "sweep", FUNDING_SPLIT, "--shard", f"{k}/2", "--out", folder,
                      "--jobs", "1", "--quiet", *short_options(FUNDING_SPLIT)],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for k, folder in enumerate(shards, start=1)]
    for process in running:
        result = finish(process)
        assert result.returncode == 0, f"{shlex.join(result.args)}\n{tail(result.stderr)}"
    for folder in shards:
        assert (folder / "shard.json").is_file(), f"{folder}: no shard.json"
    merged = tmp_path / "merged"
    run_ok([dispatchsim, "merge", *shards, "--out", merged])
    assert_finished(merged)
    compare_folders(funding_split_reference, merged)


def test_killed_sweep_resumes_to_the_one_piece_sweep(dispatchsim, funding_split_reference, tmp_path):
    """funding-split.yaml killed with SIGKILL once a run is saved, then finished with --resume."""
    out = tmp_path / "killed"
    command = [dispatchsim, "sweep", FUNDING_SPLIT, "--out", out, "--jobs", "1", "--quiet",
               *short_options(FUNDING_SPLIT)]
    stderr_file = tmp_path / "killed.stderr"
    with stderr_file.open("w") as stderr:
        process = start(command, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + TIMEOUT
        try:
            while not saved_runs(out):
                if process.poll() is not None:
                    pytest.fail(f"the sweep ended (exit status {process.returncode}) before a run "
                                f"was seen in {out / 'runs'}; cannot test resuming\n"
                                f"{tail(stderr_file.read_text())}")
                if time.monotonic() > deadline:
                    pytest.fail(f"no run saved in {out / 'runs'} within {TIMEOUT} s")
                time.sleep(POLL_SECONDS)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=TIMEOUT)
    total_runs = len((funding_split_reference / "summary.csv").read_text().splitlines()) - 1
    saved = saved_runs(out)
    # Proof that the sweep was interrupted: killed by the signal, not finished first.
    assert process.returncode == -signal.SIGKILL, (
        f"the sweep was not killed but exited with status {process.returncode}: it finished before "
        f"the kill, so nothing is resumed; lengthen the horizon for this test\n"
        f"{tail(stderr_file.read_text())}")
    assert not (out / "manifest.json").exists(), "the killed sweep wrote its manifest: it had finished"
    assert (out / "sweep.json").is_file(), "the killed sweep left no sweep.json"
    assert 1 <= len(saved) < total_runs, f"{len(saved)} of {total_runs} runs saved when killed"

    resumed = run_ok([dispatchsim, "sweep", FUNDING_SPLIT, "--out", out, "--jobs", "2", "--resume",
                      *short_options(FUNDING_SPLIT)])
    assert f", {len(saved)} finished earlier" in resumed.stdout, (
        f"--resume did not report keeping the {len(saved)} saved runs:\n{tail(resumed.stdout)}")
    assert_finished(out)
    compare_folders(funding_split_reference, out)


def test_dask_driver_equals_the_one_piece_sweep(dispatchsim, funding_split_reference, tmp_path):
    """scripts/dask_sweep.py: funding-split.yaml as 4 shards on a local Dask cluster, merged."""
    out = tmp_path / "dask"
    result = run_ok([sys.executable, DASK_DRIVER, FUNDING_SPLIT, "--shards", "4", "--out", out,
                     "--dispatchsim", dispatchsim, *short_options(FUNDING_SPLIT)], timeout=DASK_TIMEOUT)
    for k in (1, 2, 3, 4):
        assert f"shard {k}/4 finished" in result.stdout, result.stdout
    assert_finished(out)
    compare_folders(funding_split_reference, out)
