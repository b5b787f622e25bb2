"""Editor curation: ``seeds/curation.yaml`` (merge, split, override, reject records).

:func:`load_curation` reads and checks the file; :func:`pipeline.reconcile.reconcile`
applies it. A missing file means no curation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CURATION_FILE = "curation.yaml"


def load_curation(seeds_dir: Path) -> dict[str, Any]:
    """The parsed curation file of ``seeds_dir`` ({} when there is none)."""
    path = Path(seeds_dir) / CURATION_FILE
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
