"""Core: the domain's rules, from src/core, as the Python module the native build makes.

[SECTION] Core  dynshop_core from <build>/native (DYNSHOP_BUILD, default build/; or DYNSHOP_CORE
                naming the folder); CORE is None, and CORE_MISSING says why, when it cannot load
"""
import os
import sys

# [SECTION] Core -----------------------------------------------------------------------------------
# A rule is never written a second time in the store: it calls the core. serve.py refuses to start
# without it (before it imports the rest of the package, which binds some of its functions).
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # where serve.py is
CORE_DIR = os.environ.get("DYNSHOP_CORE") or os.path.join(REPO, os.environ.get("DYNSHOP_BUILD") or "build", "native")
try:
    sys.path.insert(0, CORE_DIR)
    import dynshop_core as CORE
    CORE_MISSING = None
except ImportError as e:  # pragma: no cover - depends on the build
    CORE, CORE_MISSING = None, str(e)
finally:
    if sys.path and sys.path[0] == CORE_DIR:
        sys.path.pop(0)
