"""``python -m factcheck``: the pipeline's command line."""

import sys

from .cli import main

sys.exit(main())
