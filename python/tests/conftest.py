"""pytest setup: the scripts of python/ (primes_common, fully_loaded,
extension) import as modules in the tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
