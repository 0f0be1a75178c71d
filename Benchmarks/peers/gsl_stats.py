"""Benchmarks/peers/gsl_stats.py: the Student t quantile of DispatchSim's confidence intervals
(``gsl_cdf_tdist_Pinv``, as in aggregate.csv), called from Python through ctypes, for the peer
benchmark's intervals.

A table would not do: the Welch intervals of compare_reference.py have fractional degrees of
freedom, and the standard library has only the normal distribution. GSL is the library DispatchSim
already needs (scripts/setup.sh installs libgsl-dev).
"""

import ctypes
import ctypes.util

__all__ = ["t_quantile"]


def _load():
    gsl_name = ctypes.util.find_library("gsl")
    cblas_name = ctypes.util.find_library("gslcblas")
    if gsl_name is None or cblas_name is None:
        raise RuntimeError("GSL not found (libgsl, libgslcblas): run scripts/setup.sh or apt-get install libgsl-dev")
    # libgsl leaves its CBLAS symbols to libgslcblas: load that first, globally.
    ctypes.CDLL(cblas_name, mode=ctypes.RTLD_GLOBAL)
    lib = ctypes.CDLL(gsl_name)
    lib.gsl_cdf_tdist_Pinv.restype = ctypes.c_double
    lib.gsl_cdf_tdist_Pinv.argtypes = [ctypes.c_double, ctypes.c_double]
    return lib


_gsl = _load()


def t_quantile(p, df):
    """The `p` quantile of Student's t with `df` degrees of freedom (any real df > 0)."""
    return _gsl.gsl_cdf_tdist_Pinv(p, df)
