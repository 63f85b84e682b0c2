"""`python -m cxmaps.cli`: the `cxmaps` command."""

from .main import main

raise SystemExit(main())
