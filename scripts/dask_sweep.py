#!/usr/bin/env python3
"""dask_sweep.py: run a DispatchSim sweep as N shards on a Dask cluster, then merge them.

Usage:

    python scripts/dask_sweep.py SWEEP_FILE --shards N --out OUT
        [--scheduler ADDRESS | --workers W] [--dispatchsim PATH] [--jobs-per-shard J]
        [--force] [--set PATH=VALUE ...] [--replications R] [--seed S]

Each of the N shards is one Dask task that runs, on a worker,

    dispatchsim sweep SWEEP_FILE --shard K/N --out OUT.shards/shard-K --jobs J --quiet --resume

(with --set, --replications and --seed passed through). When every shard has finished, the
driver runs `dispatchsim merge OUT.shards/shard-1 ... OUT.shards/shard-N --out OUT` where the
driver runs, and removes OUT.shards/. The CSVs in OUT are byte-identical to those of
`dispatchsim sweep SWEEP_FILE --out OUT` on one machine.

If a shard fails, the driver says which one and what dispatchsim said, exits non-zero and writes
nothing to OUT. Running the same command again resumes: a shard whose folder holds shard.json
(dispatchsim writes it when the shard is finished) is not submitted again, and an interrupted
shard continues from the runs it saved (dispatchsim sweep --resume). --force starts over: every
shard is run again and the results already in OUT are replaced. Completed shards are trusted as
they are, so after changing the sweep file or an option, use --force or another --out.

Where things run:

- Without --scheduler the driver starts a local Dask cluster of --workers processes (default 2),
  one thread each, on this machine. With --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786) it uses
  the workers of a running Dask scheduler.
- The workers run the dispatchsim binary given by --dispatchsim, or by default `dispatchsim` on
  PATH, else this repository's .build/release/dispatchsim (`swift build -c release`). The path is
  resolved to an absolute path here and must be valid on every worker.
- SWEEP_FILE, the scenario files it names, and OUT.shards/ must be on a filesystem that this
  machine and every worker share (on a cluster: a shared home or project directory, not /tmp).
- --jobs-per-shard J (default 1) is the number of runs one shard simulates at once: give it the
  number of cores each Dask worker owns.

On Slurm with Dask (dask-jobqueue, `pip install dask-jobqueue`): start the cluster in a Python
session on the login node and keep it open while the sweep runs:

    from dask_jobqueue import SLURMCluster
    cluster = SLURMCluster(cores=4, processes=1, memory="8GB", walltime="02:00:00")
    cluster.scale(jobs=8)             # 8 Slurm jobs, one 4-core Dask worker each
    print(cluster.scheduler_address)  # e.g. tcp://10.0.0.5:8786

then, from the repository on the shared filesystem:

    python scripts/dask_sweep.py Scenarios/funding-split.yaml --shards 32 \\
        --out Results/funding-split --scheduler tcp://10.0.0.5:8786 --jobs-per-shard 4 \\
        --dispatchsim "$PWD/.build/release/dispatchsim"

On Slurm without Dask, as a job array (sweep.sbatch, here with N = 16):

    #!/bin/bash
    #SBATCH --array=1-16
    #SBATCH --cpus-per-task=4
    dispatchsim sweep Scenarios/funding-split.yaml --shard $SLURM_ARRAY_TASK_ID/16 \\
        --out shards/shard-$SLURM_ARRAY_TASK_ID --jobs 4 --quiet --resume

and, once every task has finished (e.g. `sbatch --dependency=afterok:JOBID`):

    dispatchsim merge shards/shard-* --out Results/funding-split

Exit status: 0 when OUT holds the merged results, 1 when a shard or the merge failed, 2 for a
usage error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from distributed import Client, LocalCluster, as_completed

REPO_ROOT = Path(__file__).resolve().parent.parent


class SweepError(Exception):
    """A failure the user must act on; its message is printed as one error line per problem."""


def find_dispatchsim(explicit: str | None) -> Path:
    """The dispatchsim binary as an absolute path: `explicit` (a path, or a name on PATH), else
    `dispatchsim` on PATH, else the repository's .build/release/dispatchsim."""
    if explicit is not None:
        found = shutil.which(explicit)
        if found is None:
            raise SweepError(f"--dispatchsim {explicit}: no such executable file")
        return Path(found).resolve()
    found = shutil.which("dispatchsim")
    if found is not None:
        return Path(found).resolve()
    built = REPO_ROOT / ".build" / "release" / "dispatchsim"
    if shutil.which(str(built)) is not None:
        return built
    raise SweepError(
        "cannot find dispatchsim: it is not on PATH and "
        f"{built} does not exist; build it with `swift build -c release` or give --dispatchsim PATH"
    )


def shards_root(out: Path) -> Path:
    """The folder holding the shard folders of results folder `out`: OUT.shards next to it."""
    return out.with_name(out.name + ".shards")


def shard_folder(out: Path, k: int) -> Path:
    return shards_root(out) / f"shard-{k}"


def finished_shard(folder: Path, k: int, n: int) -> bool:
    """Whether `folder` holds finished shard k of n, according to the shard.json dispatchsim wrote.
    A finished shard of another split (another N or K) is an error, not a shard to redo silently."""
    marker = folder / "shard.json"
    if not marker.is_file():
        return False
    try:
        recorded = json.loads(marker.read_text())
        shard, of = recorded["shard"], recorded["of"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SweepError(f"{marker}: cannot be read ({error}); use --force to run the shard again")
    if (shard, of) != (k, n):
        raise SweepError(
            f"{folder} holds shard {shard}/{of}, not {k}/{n}: "
            "use --force to start over with this number of shards, or another --out"
        )
    return True


def sweep_options(args: argparse.Namespace) -> list[str]:
    """The options passed through to every `dispatchsim sweep`."""
    options: list[str] = []
    for override in args.overrides:
        options += ["--set", override]
    if args.replications is not None:
        options += ["--replications", str(args.replications)]
    if args.seed is not None:
        options += ["--seed", str(args.seed)]
    return options


def shard_command(binary: Path, sweep_file: Path, k: int, n: int, folder: Path, jobs: int,
                  force: bool, options: list[str]) -> list[str]:
    """The command line that runs shard k of n into `folder`: continuing what an interrupted
    earlier attempt saved there, or with `force` discarding it."""
    return [
        str(binary), "sweep", str(sweep_file), "--shard", f"{k}/{n}", "--out", str(folder),
        "--jobs", str(jobs), "--quiet", "--force" if force else "--resume", *options,
    ]


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def run_shards(client: Client, commands: dict[int, list[str]], n: int) -> None:
    """Runs each shard's command as one task on the cluster and waits for all of them; raises a
    SweepError naming every shard that failed and what dispatchsim said."""
    futures = {
        client.submit(subprocess.run, command, capture_output=True, text=True,
                      key=f"dispatchsim-shard-{k}-of-{n}-{uuid.uuid4().hex}"): k
        for k, command in commands.items()
    }
    failures: dict[int, str] = {}
    for future in as_completed(futures):
        k = futures[future]
        try:
            completed = future.result()
        except Exception as error:  # the task itself failed on the worker (no binary, worker lost)
            failures[k] = f"shard {k}/{n} could not run on its worker: {type(error).__name__}: {error}"
            continue
        if completed.returncode != 0:
            failures[k] = (f"shard {k}/{n} failed (dispatchsim exit status {completed.returncode}): "
                           f"{last_line(completed.stderr)}")
        else:
            print(f"shard {k}/{n} finished", flush=True)
    if failures:
        finished = len(commands) - len(failures)
        kept = f"; the {finished} that finished are kept" if finished else ""
        raise SweepError("\n".join([failures[k] for k in sorted(failures)] + [
            f"{len(failures)} of {n} shards failed{kept}: fix the cause and run the same command "
            "again to resume"]))


def merge(binary: Path, folders: list[Path], out: Path, force: bool) -> None:
    command = [str(binary), "merge", *map(str, folders), "--out", str(out)]
    if force:
        command.append("--force")
    completed = subprocess.run(command, stderr=subprocess.PIPE, text=True)
    if completed.returncode != 0:
        raise SweepError(f"merge failed (dispatchsim exit status {completed.returncode}): "
                         f"{last_line(completed.stderr)}")


def run(args: argparse.Namespace) -> None:
    binary = find_dispatchsim(args.dispatchsim)
    sweep_file = Path(args.sweep_file).resolve()
    if not sweep_file.is_file():
        raise SweepError(f"{args.sweep_file}: no such file")
    out = Path(args.out).resolve()
    if (out / "manifest.json").exists() and not args.force:
        raise SweepError(f"{args.out} already holds results (manifest.json); "
                         "use --force to run the sweep again, or --out to write elsewhere")
    n = args.shards
    folders = [shard_folder(out, k) for k in range(1, n + 1)]
    options = sweep_options(args)
    commands = {
        k: shard_command(binary, sweep_file, k, n, folder, args.jobs_per_shard, args.force, options)
        for k, folder in enumerate(folders, start=1)
        if args.force or not finished_shard(folder, k, n)
    }
    for k in range(1, n + 1):
        if k not in commands:
            print(f"shard {k}/{n} already finished in {folders[k - 1]}, skipped", flush=True)
    if commands:
        if args.scheduler is not None:
            with Client(args.scheduler) as client:
                run_shards(client, commands, n)
        else:
            with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                run_shards(client, commands, n)
    merge(binary, folders, out, args.force)
    shutil.rmtree(shards_root(out))


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, found {value}")
    return value


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="dask_sweep.py",
        description="Run a DispatchSim sweep as N shards on a Dask cluster (a local one unless "
                    "--scheduler is given), then merge the shards into one results folder. "
                    "Running the same command again after a failure resumes it.",
        epilog="Shard folders go to OUT.shards/ and are removed after the merge; they must be on "
               "a filesystem every worker shares. See the module docstring for Slurm.",
    )
    parser.add_argument("sweep_file", metavar="SWEEP_FILE", help="the sweep file (YAML)")
    parser.add_argument("--shards", type=positive, required=True, metavar="N",
                        help="number of shards (Dask tasks) to split the sweep into")
    parser.add_argument("--out", required=True, metavar="OUT", help="results folder to write")
    cluster = parser.add_mutually_exclusive_group()
    cluster.add_argument("--scheduler", metavar="ADDRESS",
                         help="address of a running Dask scheduler (e.g. tcp://10.0.0.5:8786)")
    cluster.add_argument("--workers", type=positive, default=2, metavar="W",
                         help="without --scheduler: worker processes of the local cluster "
                              "(default: 2, one thread each)")
    parser.add_argument("--dispatchsim", metavar="PATH",
                        help="the dispatchsim binary, valid on every worker (default: dispatchsim "
                             "on PATH, else this repository's .build/release/dispatchsim)")
    parser.add_argument("--jobs-per-shard", type=positive, default=1, metavar="J",
                        help="runs each shard simulates at once: dispatchsim sweep --jobs (default: 1)")
    parser.add_argument("--force", action="store_true",
                        help="start over: run every shard again and replace the results in OUT")
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="PATH=VALUE", help="passed to dispatchsim sweep (repeatable)")
    parser.add_argument("--replications", type=int, metavar="R",
                        help="passed to dispatchsim sweep")
    parser.add_argument("--seed", type=int, metavar="S", help="passed to dispatchsim sweep")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    try:
        run(args)
    except SweepError as error:
        for line in str(error).splitlines():
            print(f"dask_sweep.py: error: {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
