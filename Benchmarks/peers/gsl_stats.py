"""Benchmarks/peers/gsl_stats.py: the two GSL statistics routines DispatchSim reports with, called from
Python through ctypes, so that the peer benchmark computes its figures exactly as DispatchSim does:

- ``P2Quantile``: GSL's streaming P-squared quantile estimator (``gsl_rstat_quantile_*``; Jain and
  Chlamtac 1985), which DispatchSim uses for every within-replication percentile (``Tally``);
- ``t_quantile``: the Student t quantile (``gsl_cdf_tdist_Pinv``) of DispatchSim's 95% confidence
  intervals (aggregate.csv), used here for the comparison's intervals as well.

GSL is the library DispatchSim already needs (scripts/setup.sh installs libgsl-dev). No random
numbers are drawn here.
"""

import ctypes
import ctypes.util

__all__ = ["P2Quantile", "p2_quantile", "t_quantile"]


def _load():
    gsl_name = ctypes.util.find_library("gsl")
    cblas_name = ctypes.util.find_library("gslcblas")
    if gsl_name is None or cblas_name is None:
        raise RuntimeError("GSL not found (libgsl, libgslcblas): run scripts/setup.sh or apt-get install libgsl-dev")
    # libgsl leaves its CBLAS symbols to libgslcblas: load that first, globally.
    ctypes.CDLL(cblas_name, mode=ctypes.RTLD_GLOBAL)
    lib = ctypes.CDLL(gsl_name)
    lib.gsl_rstat_quantile_alloc.restype = ctypes.c_void_p
    lib.gsl_rstat_quantile_alloc.argtypes = [ctypes.c_double]
    lib.gsl_rstat_quantile_add.restype = ctypes.c_int
    lib.gsl_rstat_quantile_add.argtypes = [ctypes.c_double, ctypes.c_void_p]
    lib.gsl_rstat_quantile_get.restype = ctypes.c_double
    lib.gsl_rstat_quantile_get.argtypes = [ctypes.c_void_p]
    lib.gsl_rstat_quantile_free.restype = None
    lib.gsl_rstat_quantile_free.argtypes = [ctypes.c_void_p]
    lib.gsl_cdf_tdist_Pinv.restype = ctypes.c_double
    lib.gsl_cdf_tdist_Pinv.argtypes = [ctypes.c_double, ctypes.c_double]
    return lib


_gsl = _load()


class P2Quantile:
    """GSL's P-squared estimate of one quantile, fed one observation at a time (as DispatchSim's
    ``P2Quantile``): the estimate depends on the order of the observations."""

    def __init__(self, probability):
        if not 0 < probability < 1:
            raise ValueError("quantile probability must be in (0, 1)")
        self._workspace = _gsl.gsl_rstat_quantile_alloc(probability)
        if not self._workspace:
            raise MemoryError("gsl_rstat_quantile_alloc failed")
        self.count = 0

    def add(self, x):
        _gsl.gsl_rstat_quantile_add(x, self._workspace)
        self.count += 1

    @property
    def value(self):
        """The current estimate; NaN before the first observation (as DispatchSim)."""
        return _gsl.gsl_rstat_quantile_get(self._workspace) if self.count else float("nan")

    def __del__(self):
        if getattr(self, "_workspace", None):
            _gsl.gsl_rstat_quantile_free(self._workspace)
            self._workspace = None


def p2_quantile(values, probability):
    """The P-squared estimate of the `probability` quantile of `values`, fed in the order given."""
    estimator = P2Quantile(probability)
    add, workspace = _gsl.gsl_rstat_quantile_add, estimator._workspace
    for x in values:
        add(x, workspace)
    estimator.count = len(values)
    return estimator.value


def t_quantile(p, df):
    """The Student t quantile with `df` degrees of freedom (``gsl_cdf_tdist_Pinv``)."""
    return _gsl.gsl_cdf_tdist_Pinv(p, df)
