"""The benchmarks drive the same Chromium, with the same network logs, as the browser tests.

Its one home is tests/browser/chromium.py: benchmarks import from the tests, never the reverse.
The scripts here run as `python benchmarks/<script>.py`, so the project root is put on the path.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.browser.chromium import (  # noqa: E402  (after the path is set)
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    ContextLog,
    NetworkLog,
    chromium,
    wait_for_worker,
)

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "PHONE", "ContextLog", "NetworkLog", "chromium", "wait_for_worker"]
