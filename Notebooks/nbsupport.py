"""nbsupport.py: what the DispatchSim notebooks share: finding the repository and the dispatchsim
binary, producing a results folder when it is missing, reading result CSVs (Results/README.md),
Student t confidence intervals, and one figure style for every plot.

The notebooks import it from their own folder; nothing here reads the Swift code.
"""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import shutil
import subprocess
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print.
COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]
GREY = "#6b6b6b"

MINUTES_PER_WEEK = 7 * 24 * 60
MINUTES_PER_YEAR = 365 * 24 * 60

# Labels and units for the summary metrics (Results/README.md): (label, unit).
METRIC_LABELS = {
    "calls": ("calls after the warm-up", "calls"),
    "share_delayed": ("share of calls that waited for a unit", "fraction"),
    "mean_wait_min": ("mean wait for a unit", "min"),
    "mean_response_min": ("mean response time", "min"),
    "p50_response_min": ("median response time", "min"),
    "p90_response_min": ("90th-percentile response time", "min"),
    "p1_mean_response_min": ("priority-1 mean response time", "min"),
    "p1_p90_response_min": ("priority-1 90th-percentile response", "min"),
    "p1_within_target": ("priority-1 calls answered within target", "fraction"),
    "p2_mean_response_min": ("priority-2 mean response time", "min"),
    "p2_p90_response_min": ("priority-2 90th-percentile response", "min"),
    "p3_mean_response_min": ("priority-3 mean response time", "min"),
    "p3_p90_response_min": ("priority-3 90th-percentile response", "min"),
    "utilization_police": ("police utilization", "fraction"),
    "utilization_crisis_team": ("crisis-team utilization", "fraction"),
    "mean_travel_min": ("mean turnout + travel time", "min"),
    "mean_calls_waiting": ("calls waiting (time average)", "calls"),
    "calls_waiting_at_end": ("calls still waiting at the end", "calls"),
    "repeat_calls": ("repeat calls", "calls"),
    "share_repeat": ("share of calls that are repeats", "fraction"),
    "crisis_calls": ("crisis calls (true type)", "calls"),
    "crisis_coded": ("crisis calls coded as crisis", "calls"),
    "crisis_routed_to_crisis_response": ("crisis calls routed to a crisis response", "calls"),
    "crisis_reached_by_crisis_response": ("crisis calls reached by a crisis response", "calls"),
    "crisis_handled_by_police": ("crisis calls handled by police", "calls"),
    "crisis_needed_backup": ("crisis calls that needed police backup", "calls"),
    "crisis_not_coded": ("crisis calls not reached: not coded as crisis (triage)", "calls"),
    "crisis_not_eligible": ("crisis calls not reached: coded type no team takes", "calls"),
    "crisis_outside_hours": ("crisis calls not reached: no team on duty", "calls"),
    "crisis_no_team_free": ("crisis calls not reached: no team free", "calls"),
    "crisis_too_far": ("crisis calls not reached: free team too far", "calls"),
    "crisis_fell_back_to_police": ("crisis calls not reached: fell back to police", "calls"),
    "crisis_never_answered": ("crisis calls not reached: never answered", "calls"),
    "arrests_per_1000": ("arrests per 1,000 calls", "per 1,000 calls"),
    "use_of_force_per_1000": ("use of force per 1,000 calls", "per 1,000 calls"),
    "ed_transports_per_1000": ("ED transports per 1,000 calls", "per 1,000 calls"),
    "referrals_per_1000": ("referrals per 1,000 calls", "per 1,000 calls"),
    "jail_bookings_per_1000": ("jail bookings per 1,000 calls", "per 1,000 calls"),
    "civilian_injuries_per_1000": ("civilian injuries per 1,000 calls", "per 1,000 calls"),
    "officer_hours_on_calls": ("officer-hours on calls", "hours"),
    "officer_fte_on_calls": ("officers' time on calls", "full-time officers"),
    "officer_hours_freed_per_week": ("officer-hours freed", "hours a week"),
    "officer_fte_freed": ("officer time freed", "full-time officers"),
    "uncommitted_officer_hours": ("uncommitted patrol time", "hours"),
    "uncommitted_share": ("share of on-duty patrol time uncommitted", "fraction"),
    "uncommitted_officer_fte": ("uncommitted patrol time", "full-time officers"),
    "uncommitted_hours_change_per_week": ("change in uncommitted patrol time", "hours a week"),
    "uncommitted_fte_change": ("change in uncommitted patrol time", "full-time officers"),
    "operating_cost_usd": ("operating cost", "$"),
    "outcome_cost_usd": ("outcome cost", "$"),
    "liability_usd": ("use-of-force liability", "$"),
    "total_cost_usd": ("total cost", "$"),
    "cost_per_call_usd": ("cost per call", "$"),
    "zone_response_spread_min": ("worst minus best zone mean response", "min"),
    "zone_response_ratio": ("worst over best zone mean response", "ratio"),
}


# Why a crisis call was not reached by a crisis response (Results/README.md, summary.csv's
# crisis_<reason> and crisis_funnel.csv's <reason> columns): with `reached` they partition every
# crisis call. (reason, label, colour); reached first.
CRISIS_REACHED = ("reached", "reached by a crisis team", "#0072B2")
CRISIS_REASONS = [
    ("not_coded", "not coded as crisis by triage", "#bdbdbd"),
    ("not_eligible", "coded as a crisis type no team takes", "#7f7f7f"),
    ("outside_hours", "no team on duty (outside team hours)", "#56B4E9"),
    ("no_team_free", "no team free: sent to police at once", "#E69F00"),
    ("too_far", "a team free but too far", "#F0E442"),
    ("fell_back_to_police", "waited, then fell back to police", "#D55E00"),
    ("never_answered", "never answered (still waiting at the end)", "#CC79A7"),
]


def metric_label(metric: str, with_unit: bool = True) -> str:
    label, unit = METRIC_LABELS.get(metric, (metric.replace("_", " "), ""))
    return f"{label} ({unit})" if with_unit and unit else label


# ---------------------------------------------------------------------------------------------
# Paths, the binary, and results folders


def resolve(path: str | os.PathLike) -> Path:
    """`path` as an absolute path; a relative path is relative to the repository root."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else (REPO_ROOT / p)


def find_dispatchsim(explicit: str | os.PathLike | None = None, build: bool = True) -> Path:
    """The dispatchsim binary: `explicit` (a path or a name on PATH), else $DISPATCHSIM, else
    `dispatchsim` on PATH, else the repository's .build/release or .build/debug build. With none of
    them and `build`, builds it (`swift build -c release --product dispatchsim`, minutes, once)."""
    for candidate, what in ((explicit, "the dispatchsim parameter"), (os.environ.get("DISPATCHSIM"), "$DISPATCHSIM")):
        if candidate:
            found = shutil.which(str(resolve(candidate))) or shutil.which(str(candidate))
            if found is None:
                raise FileNotFoundError(f"{what} = {candidate}: no such executable file")
            return Path(found).resolve()
    found = shutil.which("dispatchsim")
    if found:
        return Path(found).resolve()
    for configuration in ("release", "debug"):
        built = REPO_ROOT / ".build" / configuration / "dispatchsim"
        if os.access(built, os.X_OK):
            return built
    if build and shutil.which("swift"):
        print("dispatchsim is not built yet: building it (swift build -c release --product dispatchsim) ...")
        subprocess.run(["swift", "build", "-c", "release", "--product", "dispatchsim"], cwd=REPO_ROOT, check=True)
        return REPO_ROOT / ".build" / "release" / "dispatchsim"
    raise FileNotFoundError("cannot find dispatchsim: set DISPATCHSIM, or build it with "
                            "`swift build -c release --product dispatchsim` in the repository")


def ensure_results(folder: str | os.PathLike, arguments: list[str], dispatchsim: str | os.PathLike | None = None,
                   run_if_missing: bool = True) -> Path:
    """The results folder `folder`; when it holds no finished results (no manifest.json) and
    `run_if_missing`, first runs `dispatchsim ARGUMENTS --out FOLDER` from the repository root
    (for example `["sweep", "Scenarios/examples/small-funding-split.yaml"]`)."""
    folder = resolve(folder)
    if (folder / "manifest.json").is_file():
        print(f"results: {folder}")
        return folder
    if not run_if_missing:
        raise FileNotFoundError(f"{folder} holds no finished results (no manifest.json); run "
                                f"`dispatchsim {shlex.join(arguments)} --out {folder}` first")
    binary = find_dispatchsim(dispatchsim)
    command = [str(binary), *arguments, "--out", str(folder), "--quiet"]
    if (folder / "sweep.json").is_file():
        command.append("--resume")          # an interrupted run: finish it
    elif folder.exists() and any(folder.iterdir()):
        command.append("--force")
    print("running:", shlex.join(command))
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"dispatchsim failed (exit {done.returncode}):\n{done.stderr}")
    print(f"results: {folder} ({time.perf_counter() - start:.1f} s)")
    return folder


# ---------------------------------------------------------------------------------------------
# Reading results


def read_csv(path: Path, parameters: list[str]) -> pd.DataFrame:
    """A result CSV; swept-parameter columns stay text ("" where a point keeps the base value)."""
    frame = pd.read_csv(path, dtype={p: str for p in parameters}, keep_default_na=False, na_values=[""])
    for p in parameters:
        if p in frame:
            frame[p] = frame[p].fillna("")
    return frame


@dataclass
class Results:
    """A results folder of `dispatchsim run` or `sweep`: its manifest and CSVs."""

    folder: Path
    manifest: dict = field(repr=False)

    @classmethod
    def load(cls, folder: str | os.PathLike) -> "Results":
        folder = resolve(folder)
        manifest_file = folder / "manifest.json"
        if not manifest_file.is_file():
            raise FileNotFoundError(f"{folder}: no manifest.json, so no finished results")
        return cls(folder, json.loads(manifest_file.read_text()))

    @property
    def parameters(self) -> list[str]:
        return list(self.manifest.get("parameters", []))

    @property
    def replications(self) -> int:
        return int(self.manifest["replications"])

    def table(self, name: str) -> pd.DataFrame:
        """summary, aggregate, by_unit, by_zone, by_call_type, unit_zone_dispatches, response or crisis_funnel."""
        return read_csv(self.folder / f"{name}.csv", self.parameters)

    def scenario(self, point: int) -> dict:
        """The fully resolved scenario of a point, from manifest.json."""
        return next(p["scenario"] for p in self.manifest["points"] if p["index"] == point)

    def observed_minutes(self, point: int) -> float:
        s = self.scenario(point)
        return float(s["horizon_min"]) - float(s.get("warmup_min", 0))

    def points(self) -> pd.DataFrame:
        """One row per point: its swept values (text), observed minutes, and units per responder."""
        rows = []
        for p in self.manifest["points"]:
            s = p["scenario"]
            row = {"point": p["index"], **p.get("values", {}),
                   "observed_min": float(s["horizon_min"]) - float(s.get("warmup_min", 0))}
            for r in s["responders"]:
                row[f"units_{r['name']}"] = int(r["units"])
            rows.append(row)
        return pd.DataFrame(rows).set_index("point").sort_index()

    def metric(self, name: str) -> pd.DataFrame:
        """aggregate.csv for one metric: point, swept values, mean, sd, n, ci95_low, ci95_high."""
        aggregate = self.table("aggregate")
        rows = aggregate[aggregate["metric"] == name]
        if rows.empty:
            raise KeyError(f"{self.folder / 'aggregate.csv'} has no metric {name!r}")
        return rows.drop(columns="metric").set_index("point").sort_index()

    def has_metric(self, name: str) -> bool:
        return name in set(self.table("aggregate")["metric"])

    def base_scenario(self) -> dict:
        """The base scenario file the points were resolved from (the first point's `source_file`),
        as written (PyYAML); {} when it cannot be read."""
        if not hasattr(self, "_base_scenario"):
            source = self.scenario(self.manifest["points"][0]["index"]).get("source_file")
            try:
                import yaml
                self._base_scenario = (yaml.safe_load(resolve(source).read_text()) or {}) if source else {}
            except (OSError, ImportError, ValueError):
                self._base_scenario = {}
        return self._base_scenario

    def base_share(self, responder: str) -> float | None:
        """The budget share of `responder` in the base scenario (a `--set budget.shares.X=` override
        wins), or None when the base scenario does not give it as a number."""
        for override in self.manifest.get("overrides", []):
            key, _, value = str(override).partition("=")
            if key.strip() == f"budget.shares.{responder}":
                try:
                    return float(value)
                except ValueError:
                    return None
        value = ((self.base_scenario().get("budget") or {}).get("shares") or {}).get(responder)
        return float(value) if isinstance(value, (int, float)) else None

    def describe(self, point: int, parameter: str) -> str:
        """The value of a swept parameter at a point, in words, from the resolved scenario in
        manifest.json: a call type's fallback or triage (`coded_as`) read as a reader would say it,
        anything else as `parameter = value`."""
        scenario = self.scenario(point)
        match = re.fullmatch(r"call_types\.([^.]+)\.(fallback|coded_as)", parameter)
        call_type = None
        if match:
            call_type = next((c for c in scenario.get("call_types", []) if c.get("name") == match.group(1)), None)
        if call_type is not None and match.group(2) == "fallback":
            if not call_type.get("fallback"):
                return "no fallback: calls wait for a crisis team"
            fallback = call_type["fallback"]
            return f"fallback to {' or '.join(fallback['to'])} after {float(fallback['after_min']):g} min"
        if call_type is not None and match.group(2) == "coded_as":
            coded_as = call_type.get("coded_as") or {call_type["name"]: 1.0}
            crisis_types = {c["name"] for c in scenario.get("call_types", []) if c.get("crisis")}
            if call_type.get("crisis"):
                coded = sum(float(p) for name, p in coded_as.items() if name in crisis_types)
                return f"triage: {round(100 * coded, 1):g}% of crisis calls coded"
            return "coded as " + ", ".join(f"{name} {round(100 * float(p), 1):g}%" for name, p in coded_as.items())
        value = next((p.get("values", {}).get(parameter, "") for p in self.manifest["points"] if p["index"] == point), "")
        return f"{parameter} = {value if value != '' else 'as in the base scenario'}"

    def response_target(self, priority: int = 1) -> float | None:
        """The scenario's response-time target for `priority`, in minutes: from the manifest when it
        records one, else from the scenario file the first point was loaded from (PyYAML)."""
        s = self.scenario(self.manifest["points"][0]["index"])
        targets = s.get("response_targets")
        if targets is None:
            source = s.get("source_file")
            try:
                import yaml
                targets = (yaml.safe_load(resolve(source).read_text()) or {}).get("response_targets") if source else None
            except (OSError, ImportError, ValueError):
                targets = None
        if not targets:
            return None
        value = targets.get(priority, targets.get(str(priority)))
        return None if value is None else duration_minutes(value)


def duration_minutes(value) -> float:
    """A scenario duration (`7 min`, `90 s`, `1.5 h`, `2 days`, a bare number of minutes) in minutes."""
    if isinstance(value, (int, float)):
        return float(value)
    match = re.fullmatch(r"\s*([0-9.eE+-]+)\s*([a-z]*)\s*", str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r}")
    number, unit = float(match.group(1)), match.group(2)
    scale = {"": 1, "s": 1 / 60, "sec": 1 / 60, "min": 1, "h": 60, "hour": 60, "hours": 60,
             "day": 1440, "days": 1440, "week": 10080, "weeks": 10080}
    return number * scale[unit]


def distribution_mean(text: str) -> float:
    """The mean of a distribution as manifest.json writes it, e.g. `exponential(mean: 60)`."""
    match = re.search(r"mean:\s*([0-9.eE+-]+)", text)
    if not match:
        raise ValueError(f"no mean in {text!r}")
    return float(match.group(1))


# ---------------------------------------------------------------------------------------------
# Confidence intervals (as aggregate.csv computes them: mean -/+ t(0.975, n-1) sd / sqrt(n))


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def t_cdf(t: float, df: float) -> float:
    """Student t distribution function."""
    tail = 0.5 * _betainc(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with df degrees of freedom (bisection, to 1e-12)."""
    if not 0 < p < 1:
        raise ValueError("p must be in (0, 1)")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    while high - low > 1e-12 * max(1.0, high):
        mid = (low + high) / 2
        low, high = (mid, high) if t_cdf(mid, df) < p else (low, mid)
    return (low + high) / 2


def mean_ci(values) -> tuple[float, float, float, int]:
    """mean, 95% CI low and high (Student t), and n, ignoring missing values."""
    x = np.asarray(pd.Series(values).dropna(), dtype=float)
    n = len(x)
    if n == 0:
        return (math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n < 2:
        return (mean, math.nan, math.nan, n)
    half = t_quantile(0.975, n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return (mean, mean - half, mean + half, n)


def ci_table(frame: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """mean, ci95_low, ci95_high and n of `value` over replications, per group of `by`."""
    rows = []
    for key, group in frame.groupby(by, sort=True):
        mean, low, high, n = mean_ci(group[value])
        rows.append((*(key if isinstance(key, tuple) else (key,)), mean, low, high, n))
    return pd.DataFrame(rows, columns=[*by, "mean", "ci95_low", "ci95_high", "n"])


# ---------------------------------------------------------------------------------------------
# Figures


def setup_style() -> None:
    """One look for every figure: large type, light grid, no top and right frame, Okabe-Ito colours.
    Figures render with Agg (the inline backend draws with Agg too), so no display is needed."""
    if not os.environ.get("DISPLAY") and "inline" not in mpl.get_backend():
        mpl.use("Agg")
    mpl.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.facecolor": "white",
        "figure.facecolor": "white",
        "figure.constrained_layout.use": True,
        "font.size": 11,
        "axes.titlesize": 12.5,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "legend.fontsize": 10,
        "lines.linewidth": 2,
        "lines.markersize": 6.5,
        "axes.prop_cycle": mpl.cycler(color=COLORS),
    })


def footnote(fig, text: str) -> None:
    """A small grey source note along the bottom of the figure, wrapped to its width; the
    constrained layout keeps a band free for it."""
    wrapped = textwrap.fill(text, max(60, int(fig.get_figwidth() * 15.5)))
    lines = wrapped.count("\n") + 1
    height = (lines * 8.5 * 1.3 + 8) / 72 / fig.get_figheight()
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, height, 1, 1 - height))
    fig.text(0.005, height - 4 / 72 / fig.get_figheight(), wrapped, ha="left", va="top", fontsize=8.5,
             color=GREY, transform=fig.transFigure)
    # Legends placed "outside lower center" sit at the figure's bottom edge whatever the rect: lay
    # the figure out, freeze it, and lift them above the note.
    if any(getattr(legend, "_outside_loc", None) for legend in fig.legends):
        fig.canvas.draw()
        fig.set_layout_engine("none")
        for legend in fig.legends:
            if getattr(legend, "_outside_loc", None) and "lower" in str(legend._outside_loc):
                legend.set_bbox_to_anchor((0, height, 1, 1 - height), transform=fig.transFigure)


def place_labels(ax, xs, ys, texts, colors, fontsize: float = 9, point_px: float = 12) -> None:
    """Labels points without overlapping each other or the points: each label takes, of a few
    offsets around its point, the one that overlaps least with what is already drawn. `point_px`:
    the size of the box each point's marker is taken to fill, in pixels."""
    from matplotlib.transforms import Bbox

    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    pixels = ax.transData.transform(np.column_stack([np.asarray(xs, float), np.asarray(ys, float)]))
    taken = [Bbox.from_bounds(px - point_px / 2, py - point_px / 2, point_px, point_px) for px, py in pixels]
    offsets = [(7, 5), (7, -13), (-7, 5), (-7, -13), (0, 10), (0, -19), (11, -4), (-11, -4),
               (14, 16), (-14, 16), (14, -26), (-14, -26)]

    def overlap(box):
        return sum(max(0.0, min(box.x1, t.x1) - max(box.x0, t.x0)) * max(0.0, min(box.y1, t.y1) - max(box.y0, t.y0))
                   for t in taken)

    for x, y, text, color in zip(xs, ys, texts, colors):
        best = None
        for dx, dy in offsets:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                                color=color, ha=ha, zorder=6)
            box = label.get_window_extent(renderer)
            score = overlap(box)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, label, box)
            else:
                label.remove()
            if score == 0:
                break
        taken.append(best[2])


def save_figure(fig, results_folder: str | os.PathLike, name: str, also: str | os.PathLike | None = None,
                dpi: int = 150, also_dpi: int = 120) -> Path:
    """Saves `fig` as RESULTS/figures/NAME.png (and at `also`, when given, at `also_dpi`: a smaller
    file for documentation) and returns the path."""
    folder = resolve(results_folder) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=dpi)
    print(f"saved {path}")
    if also:
        extra = resolve(also)
        extra.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(extra, dpi=also_dpi)
        print(f"saved {extra}")
    return path


def band(ax, x, mean, low, high, color, label=None, marker="o", hollow=None, zorder=3, linestyle="-"):
    """A line of means with markers, a shaded 95% CI band and CI whiskers. `hollow` (booleans, one
    per point) draws those markers hollow (e.g. overloaded points)."""
    x, mean, low, high = (np.asarray(v, dtype=float) for v in (x, mean, low, high))
    ax.fill_between(x, low, high, color=color, alpha=0.18, linewidth=0, zorder=zorder - 1)
    ax.plot(x, mean, color=color, label=label, zorder=zorder, linestyle=linestyle)
    ax.errorbar(x, mean, yerr=[np.clip(mean - low, 0, None), np.clip(high - mean, 0, None)], fmt="none",
                ecolor=color, elinewidth=1, capsize=3, alpha=0.8, zorder=zorder)
    hollow = np.zeros(len(x), dtype=bool) if hollow is None else np.asarray(hollow, dtype=bool)
    ax.scatter(x[~hollow], mean[~hollow], color=color, marker=marker, zorder=zorder + 1, s=36)
    ax.scatter(x[hollow], mean[hollow], facecolor="white", edgecolor=color, marker=marker, linewidth=1.6,
               zorder=zorder + 1, s=40)
