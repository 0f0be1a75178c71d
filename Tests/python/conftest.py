"""What the Python tests share: scripts/dask_sweep.py loaded as a module, and the dispatchsim binary.

The binary is $DISPATCHSIM when set (scripts/test.sh builds it and sets it), else what the Dask
driver finds by default; tests that need it are skipped only when there is none.
(test_notebooks.py looks for the binary its own way and defines its own fixture.)
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DASK_DRIVER = REPO_ROOT / "scripts" / "dask_sweep.py"

_spec = importlib.util.spec_from_file_location("dask_sweep", DASK_DRIVER)
dask_sweep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dask_sweep)


@pytest.fixture(scope="session")
def dispatchsim() -> Path:
    explicit = os.environ.get("DISPATCHSIM")
    try:
        return dask_sweep.find_dispatchsim(explicit)
    except dask_sweep.SweepError as error:
        if explicit is not None:
            pytest.fail(f"DISPATCHSIM={explicit}: {error}")
        pytest.skip(f"no dispatchsim binary ({error}); set DISPATCHSIM to its path")
