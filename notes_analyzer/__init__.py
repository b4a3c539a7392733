"""notes-analyzer: read market-commentary notes, extract and check their claims.

Importing the package loads no model, weights or store; see ``notes_analyzer.api``.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"
#: Bumped whenever a change alters results (or their stored shape: 0.3.0 typed slot frames; 0.4.0 titles read
#: for claims, streak counts with ``CountSlots.streak_to``; 0.4.2 ``RecordSlots.rank_sessions``), so batch runs
#: know what to re-score.
PIPELINE_VERSION = "0.4.2"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["PIPELINE_VERSION", "__version__"]
