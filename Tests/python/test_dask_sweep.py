"""Tests of scripts/dask_sweep.py against the real dispatchsim binary on a local Dask cluster.

The binary is $DISPATCHSIM when set (scripts/test.sh builds it and sets it), else what the driver
finds by default; the tests are skipped only when there is none.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dask_sweep
from distributed import LocalCluster

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "dask_sweep.py"
TINY_SWEEP = REPO_ROOT / "Scenarios" / "examples" / "tiny-sweep.yaml"
FINAL_CSVS = ["aggregate.csv", "by_call_type.csv", "by_unit.csv", "by_zone.csv", "crisis_funnel.csv",
              "response.csv", "summary.csv", "unit_zone_dispatches.csv"]



@pytest.fixture(scope="module")
def scheduler() -> str:
    """A local Dask cluster of two single-threaded worker processes, shared by the tests."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="session")
def reference(dispatchsim: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny sweep run in one piece by dispatchsim itself."""
    out = tmp_path_factory.mktemp("reference") / "tiny-sweep"
    subprocess.run([str(dispatchsim), "sweep", str(TINY_SWEEP), "--out", str(out), "--quiet"],
                   check=True, timeout=120)
    return out


def drive(dispatchsim: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(TINY_SWEEP), "--shards", "3", "--out", str(out),
         "--dispatchsim", str(dispatchsim), *options],
        capture_output=True, text=True, timeout=120)


def assert_same_results(out: Path, reference: Path) -> None:
    assert sorted(p.name for p in reference.glob("*.csv")) == FINAL_CSVS
    assert sorted(p.name for p in out.glob("*.csv")) == FINAL_CSVS
    for name in FINAL_CSVS:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    assert (out / "manifest.json").is_file()


def test_sharded_sweep_is_byte_identical_to_one_piece(dispatchsim, scheduler, reference, tmp_path):
    out = tmp_path / "tiny-sweep"
    result = drive(dispatchsim, out, "--scheduler", scheduler)
    assert result.returncode == 0, result.stderr
    for k in (1, 2, 3):
        assert f"shard {k}/3 finished" in result.stdout
    assert_same_results(out, reference)
    assert not dask_sweep.shards_root(out).exists()

    again = drive(dispatchsim, out, "--scheduler", scheduler)
    assert again.returncode == 1
    assert "already holds results" in again.stderr and "--force" in again.stderr

    forced = drive(dispatchsim, out, "--scheduler", scheduler, "--force")
    assert forced.returncode == 0, forced.stderr
    assert_same_results(out, reference)


def test_failing_shards_are_named_with_the_tool_error(dispatchsim, tmp_path):
    # No --scheduler: the driver starts its own local cluster.
    out = tmp_path / "bad"
    result = drive(dispatchsim, out, "--workers", "2", "--set", "no_such_section.value=1")
    assert result.returncode == 1
    for k in (1, 2, 3):
        assert f"shard {k}/3 failed (dispatchsim exit status 1)" in result.stderr
    assert "no_such_section" in result.stderr
    assert "3 of 3 shards failed" in result.stderr
    assert not out.exists()


def test_rerun_resumes_and_skips_finished_shards(dispatchsim, scheduler, reference, tmp_path):
    out = tmp_path / "tiny-sweep"
    blocker = dask_sweep.shard_folder(out, 2)
    blocker.parent.mkdir()
    blocker.write_text("a file where shard 2's folder should go\n")

    failed = drive(dispatchsim, out, "--scheduler", scheduler)
    assert failed.returncode == 1
    assert "shard 2/3 failed" in failed.stderr and "not a folder" in failed.stderr
    assert "1 of 3 shards failed; the 2 that finished are kept" in failed.stderr
    assert not out.exists()
    assert all((dask_sweep.shard_folder(out, k) / "shard.json").is_file() for k in (1, 3))

    blocker.unlink()
    resumed = drive(dispatchsim, out, "--scheduler", scheduler)
    assert resumed.returncode == 0, resumed.stderr
    for k in (1, 3):
        assert f"shard {k}/3 already finished" in resumed.stdout
        assert f"shard {k}/3 finished" not in resumed.stdout
    assert "shard 2/3 finished" in resumed.stdout
    assert_same_results(out, reference)


def test_a_finished_shard_of_another_split_is_refused(dispatchsim, tmp_path):
    folder = tmp_path / "shard-1"
    subprocess.run([str(dispatchsim), "sweep", str(TINY_SWEEP), "--shard", "1/5", "--out", str(folder),
                    "--quiet"], check=True, timeout=120)
    assert dask_sweep.finished_shard(folder, 1, 5)
    with pytest.raises(dask_sweep.SweepError, match="holds shard 1/5, not 1/3"):
        dask_sweep.finished_shard(folder, 1, 3)
    assert not dask_sweep.finished_shard(tmp_path / "shard-2", 2, 5)


def test_shard_command_passes_options_through():
    args = dask_sweep.parse_arguments([
        "sweep.yaml", "--shards", "4", "--out", "out", "--set", "a.b=1", "--set", "c=x y",
        "--replications", "7", "--seed", "11"])
    options = dask_sweep.sweep_options(args)
    assert options == ["--set", "a.b=1", "--set", "c=x y", "--replications", "7", "--seed", "11"]
    command = dask_sweep.shard_command(Path("/bin/dispatchsim"), Path("/s/sweep.yaml"), 2, 4,
                                       Path("/r/out.shards/shard-2"), 3, False, options)
    assert command == ["/bin/dispatchsim", "sweep", "/s/sweep.yaml", "--shard", "2/4",
                       "--out", "/r/out.shards/shard-2", "--jobs", "3", "--quiet", "--resume", *options]
    forced = dask_sweep.shard_command(Path("/bin/dispatchsim"), Path("/s/sweep.yaml"), 2, 4,
                                      Path("/r/out.shards/shard-2"), 3, True, [])
    assert "--force" in forced and "--resume" not in forced
