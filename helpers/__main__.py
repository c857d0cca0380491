"""``python -m helpers <stage> REPORT -o OUT``: see :mod:`helpers.cli`."""
import sys

from .cli import main

sys.exit(main())
