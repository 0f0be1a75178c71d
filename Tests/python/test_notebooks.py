"""Tests of the analysis notebooks (Notebooks/*.ipynb), run headless with papermill on small results
that the real dispatchsim binary produces here, in seconds.

The binary is $DISPATCHSIM when set (scripts/test.sh builds it and sets it), else `dispatchsim` on
PATH or the repository's .build/release or .build/debug build; the tests that run notebooks are
skipped only when there is none. A notebook passes when every cell runs without an error and every
figure it should save is a real image.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO_ROOT / "Notebooks"
EXAMPLES = "Scenarios/examples"

# The small results each notebook reads: folder name -> dispatchsim command.
SMALL_RUNS = {
    "small-funding-split": ["sweep", f"{EXAMPLES}/small-funding-split.yaml"],
    "small-police-city": ["run", f"{EXAMPLES}/small-police-city.yaml"],
    "small-crisis-city": ["run", f"{EXAMPLES}/small-crisis-city.yaml"],
    "erlang-c-loads": ["sweep", f"{EXAMPLES}/erlang-c-loads.yaml"],
    "hypercube-3": ["run", f"{EXAMPLES}/hypercube-3.yaml"],
    "small-uncertainty": ["sweep", f"{EXAMPLES}/small-uncertainty.yaml"],
}

FUNDING_FIGURES = ["p1-response", "response-by-priority", "crisis-funnel-reasons", "crisis-funnel-by-hour",
                   "officer-fte-freed", "capacity-vs-workload", "outcomes-per-1000", "costs", "cost-vs-p1-tradeoff"]

UNCERTAINTY_FIGURES = ["tornado", "effect-distribution"]
UNCERTAINTY_OUTPUTS = ["effect_p3_mean_response_min", "effect_uncommitted_officer_fte", "effect_expected_use_of_force"]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def dispatchsim() -> Path:
    explicit = os.environ.get("DISPATCHSIM")
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            pytest.fail(f"DISPATCHSIM={explicit}: no such executable file")
        return Path(found).resolve()
    candidates = [shutil.which("dispatchsim")] + [
        str(REPO_ROOT / ".build" / c / "dispatchsim") for c in ("release", "debug")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return Path(candidate).resolve()
    pytest.skip("no dispatchsim binary; set DISPATCHSIM to its path")


@pytest.fixture(scope="session")
def results(dispatchsim: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every small result the notebooks read, run at once (a few seconds in a debug build)."""
    root = tmp_path_factory.mktemp("notebook-results")
    running = {name: subprocess.Popen([str(dispatchsim), *command, "--out", str(root / name), "--quiet"],
                                      cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, command in SMALL_RUNS.items()}
    for name, process in running.items():
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, f"dispatchsim {' '.join(SMALL_RUNS[name])}: {stderr}"
        assert (root / name / "manifest.json").is_file(), name
    return {name: root / name for name in SMALL_RUNS}


def execute(notebook: str, parameters: dict, out_dir: Path) -> nbformat.NotebookNode:
    """Runs NOTEBOOK.ipynb with papermill (which fails on any cell error) and returns the result."""
    import papermill

    os.environ.setdefault("MPLBACKEND", "Agg")
    output = out_dir / f"{notebook}.out.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{notebook}.ipynb"), str(output), parameters=parameters,
                               cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False,
                               execution_timeout=120)
    return nbformat.read(output, as_version=4)


def inline_images(notebook: nbformat.NotebookNode) -> int:
    """How many figures the executed notebook shows inline."""
    return sum("image/png" in output.get("data", {}) for cell in notebook.cells if cell.cell_type == "code"
               for output in cell.outputs)


def assert_figure(path: Path) -> None:
    """A PNG of a real figure: large enough, and with enough ink and colours not to be blank."""
    from matplotlib import image

    assert path.is_file(), f"{path} was not saved"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert path.stat().st_size > 20_000, f"{path} is only {path.stat().st_size} bytes"
    pixels = image.imread(path)[..., :3]
    height, width = pixels.shape[:2]
    assert height >= 400 and width >= 600, f"{path} is {width} x {height}"
    ink = (pixels.mean(axis=2) < 0.9).mean()
    assert 0.01 < ink < 0.6, f"{path}: {ink:.1%} of its pixels are not white"
    colours = np.unique((pixels.reshape(-1, 3)[::7] * 255).astype(np.uint8), axis=0)
    assert len(colours) > 50, f"{path} has only {len(colours)} colours"


def test_committed_notebooks_are_clean():
    """Notebooks are committed without outputs; the first code cell is papermill's parameters cell."""
    strip = _load("strip_outputs", NOTEBOOKS / "strip_outputs.py")
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert {p.stem for p in notebooks} >= {"funding_split", "compare_results", "validation", "uncertainty"}
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(not cell.outputs and cell.execution_count is None for cell in code), \
            f"{path.name} has outputs: run Notebooks/strip_outputs.py"
        assert strip.is_clean(path), f"{path.name} is not clean: run Notebooks/strip_outputs.py"
        assert "parameters" in code[0].metadata.get("tags", []), f"{path.name}: no parameters cell first"


def test_intervals_match_aggregate(results):
    """The notebooks' Student t intervals equal dispatchsim's (aggregate.csv, GSL's t quantile)."""
    sys.path.insert(0, str(NOTEBOOKS))
    try:
        import nbsupport
    finally:
        sys.path.remove(str(NOTEBOOKS))
    r = nbsupport.Results.load(results["small-funding-split"])
    summary = r.table("summary")
    for metric in ("p1_mean_response_min", "officer_fte_freed", "share_repeat"):
        ours = nbsupport.ci_table(summary, ["point"], metric).set_index("point")
        theirs = r.metric(metric)
        for column in ("mean", "ci95_low", "ci95_high"):
            np.testing.assert_allclose(ours[column], theirs[column].reindex(ours.index), rtol=1e-9, atol=1e-12)


def test_funding_split(results, dispatchsim, tmp_path):
    folder = results["small-funding-split"]
    out = execute("funding_split", {"results": str(folder), "run_if_missing": False,
                                    "dispatchsim": str(dispatchsim)}, tmp_path)
    assert inline_images(out) == len(FUNDING_FIGURES)
    for name in FUNDING_FIGURES:
        assert_figure(folder / "figures" / f"{name}.png")
    # The funnel figures stack reached and nbsupport.CRISIS_REASONS: every crisis_<reason> column of
    # summary.csv is among them, and together they account for every crisis call.
    sys.path.insert(0, str(NOTEBOOKS))
    try:
        import nbsupport
    finally:
        sys.path.remove(str(NOTEBOOKS))
    summary = nbsupport.Results.load(folder).table("summary")
    reasons = [f"crisis_{reason}" for reason, _, _ in nbsupport.CRISIS_REASONS]
    known = {"crisis_calls", "crisis_coded", "crisis_routed_to_crisis_response", "crisis_reached_by_crisis_response",
             "crisis_handled_by_police", "crisis_needed_backup", *reasons}
    assert {c for c in summary.columns if c.startswith("crisis_")} == known
    np.testing.assert_array_equal(summary[["crisis_reached_by_crisis_response", *reasons]].sum(axis=1),
                                  summary["crisis_calls"])


def test_compare_results(results, dispatchsim, tmp_path):
    a, b = results["small-police-city"], results["small-crisis-city"]
    out = execute("compare_results", {"results_a": str(a), "results_b": str(b), "run_if_missing": False,
                                      "dispatchsim": str(dispatchsim)}, tmp_path)
    assert inline_images(out) == 1
    assert_figure(b / "figures" / f"compare-vs-{a.name}.png")
    # The two example cities share seed and replications, so the comparison is paired.
    text = "".join(o.get("text", "") for c in out.cells if c.cell_type == "code" for o in c.outputs)
    assert "methods: paired" in text


def test_validation(results, dispatchsim, tmp_path):
    erlang, hypercube = results["erlang-c-loads"], results["hypercube-3"]
    out = execute("validation", {"erlang_results": str(erlang), "hypercube_results": str(hypercube),
                                 "run_if_missing": False, "dispatchsim": str(dispatchsim)}, tmp_path)
    assert inline_images(out) == 2
    assert_figure(erlang / "figures" / "erlang-c.png")
    assert_figure(hypercube / "figures" / "hypercube-workloads.png")


def plotted_values(notebook: nbformat.NotebookNode) -> dict[str, tuple]:
    """What the uncertainty notebook drew for each output, as it prints it read back from the figure:
    output -> (draws, mean, low, high, input_share)."""
    text = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    found = re.findall(r"plotted (\S+): draws=(\d+) mean=(\S+) low=(\S+) high=(\S+) input_share=(\S+)", text)
    return {name: (int(n), *(float(v) for v in values)) for name, n, *values in found}


def assert_plotted_matches(plotted: dict, folder: Path, sweep_point: int | None = None) -> None:
    """The plotted mean, 95% interval and input share are uncertainty_summary.csv's (of the sweep point),
    and that interval is the 2.5% and 97.5% quantiles (linear interpolation) of uncertainty.csv's draw
    means, every draw of them plotted."""
    import pandas as pd

    summary = pd.read_csv(folder / "uncertainty_summary.csv", float_precision="round_trip")
    draws = pd.read_csv(folder / "uncertainty.csv", float_precision="round_trip")
    if sweep_point is not None:
        summary, draws = (f[f["sweep_point"] == sweep_point] for f in (summary, draws))
    summary = summary.set_index("output")
    for output, (n, mean, low, high, share) in plotted.items():
        row = summary.loc[output]
        assert n == row["draws"] == len(draws), output
        np.testing.assert_allclose([mean, low, high, share], row[["mean", "low", "high", "input_share"]].astype(float),
                                   rtol=1e-12, atol=0, err_msg=output)
        np.testing.assert_allclose(np.quantile(draws[output].to_numpy(float), [0.025, 0.975]), [low, high],
                                   rtol=1e-9, atol=1e-12, err_msg=output)


def test_uncertainty(results, dispatchsim, tmp_path):
    folder = results["small-uncertainty"]
    out = execute("uncertainty", {"results": str(folder), "run_if_missing": False, "dispatchsim": str(dispatchsim)},
                  tmp_path)
    assert inline_images(out) == len(UNCERTAINTY_FIGURES)
    for name in UNCERTAINTY_FIGURES:
        assert_figure(folder / "figures" / f"{name}.png")
    plotted = plotted_values(out)
    assert list(plotted) == UNCERTAINTY_OUTPUTS
    assert_plotted_matches(plotted, folder)


def test_uncertainty_sweep_point(dispatchsim, tmp_path):
    """A sweep with an uncertainty block: the notebook draws the draws of the sweep point asked for."""
    sweep = tmp_path / "sweep-uncertainty.yaml"
    sweep.write_text(f"""name: sweep-uncertainty
base: {REPO_ROOT / EXAMPLES / "small-crisis-city.yaml"}
grid:
  budget.shares.crisis_team: [0.05, 0.15]
uncertainty:
  draws: 20
  parameters:
    demand.calls_per_hour: {{ distribution: uniform, low: 12, high: 20 }}
    call_types.behavioral_health.on_scene.crisis_team.mean: {{ distribution: uniform, low: 45 min, high: 90 min }}
""")
    folder = tmp_path / "sweep-uncertainty"
    done = subprocess.run([str(dispatchsim), "sweep", str(sweep), "--out", str(folder), "--quiet"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = execute("uncertainty", {"results": str(folder), "run_if_missing": False, "dispatchsim": str(dispatchsim),
                                  "sweep_point": 1, "outputs": ["effect_uncommitted_officer_fte"]}, tmp_path)
    assert inline_images(out) == len(UNCERTAINTY_FIGURES)
    for name in UNCERTAINTY_FIGURES:
        assert_figure(folder / "figures" / f"{name}.png")
    text = "".join(o.get("text", "") for c in out.cells if c.cell_type == "code" for o in c.outputs)
    assert "sweep point 1 (of 0 to 1): budget.shares.crisis_team = 0.15" in text
    plotted = plotted_values(out)
    assert list(plotted) == ["effect_p3_mean_response_min", "effect_uncommitted_officer_fte"]
    assert_plotted_matches(plotted, folder, sweep_point=1)


def test_uncertainty_needs_uncertainty_files(results, dispatchsim, tmp_path):
    """A folder without the uncertainty files is refused with an error naming it."""
    import papermill

    folder = results["small-police-city"]
    with pytest.raises(papermill.PapermillExecutionError) as error:
        execute("uncertainty", {"results": str(folder), "run_if_missing": False, "dispatchsim": str(dispatchsim)},
                tmp_path)
    assert f"{folder} holds no uncertainty analysis" in str(error.value)
    assert not (folder / "figures" / "tornado.png").exists()


def test_calibration(dispatchsim, tmp_path):
    """Calibrating on the first part of a (simulated) export and predicting the rest: every step runs
    the real binary, the comparison covers every priority, and the figure is a real image."""
    folder = tmp_path / "calibration"
    out = execute("calibration", {"days": 30, "fit": False, "out": str(folder), "dispatchsim": str(dispatchsim)},
                  tmp_path)
    assert inline_images(out) == 1
    assert_figure(folder / "figures" / "held-out-prediction.png")
    text = "".join(o.get("text", "") for c in out.cells if c.cell_type == "code" for o in c.outputs)
    assert "Response (received to arrival), minutes: held out, predicted" in text
    for report in ("train", "held-out", "predicted"):
        for name in ("response.csv", "calls_by_hour.csv", "call_types.csv", "response.svg", "calls_by_hour.svg"):
            assert (folder / f"{report}-report" / name).is_file(), f"{report}-report/{name}"
    held = __import__("pandas").read_csv(folder / "held-out-report" / "response.csv")
    assert sorted(held["priority"].unique()) == [1, 2, 3]
    # The report's figures are well-formed SVG with something drawn.
    import xml.etree.ElementTree as ET
    for svg in sorted((folder / "train-report").glob("*.svg")):
        root = ET.parse(svg).getroot()
        drawn = [e for e in root.iter() if e.tag.endswith("polyline") or e.tag.endswith("rect")]
        assert len(drawn) > 5, svg.name
