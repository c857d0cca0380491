"""``python -m helpers <stage> REPORT -o OUT``: see :mod:`helpers.cli`."""
import sys

if sys.argv[1:2] == ["render"]:  # the kernels start first, while the command line is imported
    from .render import start_early

    start_early(sys.argv[2:])

from .cli import main  # noqa: E402

sys.exit(main())
