"""Run one step of the pipeline: ``python3 workflow/steps.py <step> [options]``.

Every rule runs its step so (``factcheck.pipeline.dag.STEP``). Python puts this script's
folder first on its module path, so the step runs the ``factcheck`` package beside it,
whether or not it is installed where ``python3`` is: a job's conda environment or container
needs only the package's dependencies.
"""

import sys

from factcheck.cli import main

sys.exit(main())
