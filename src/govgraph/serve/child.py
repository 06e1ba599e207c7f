"""Entry point of a query process: ``python -m govgraph.serve.child …`` (see ``process.py``).

Nothing in govgraph imports this module, so that running it does not find it imported already."""

import sys

from govgraph.serve.process import main

if __name__ == "__main__":
    main(sys.argv[1:])
