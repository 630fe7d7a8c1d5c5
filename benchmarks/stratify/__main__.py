import sys

from benchmarks.stratify import main

sys.exit(main(sys.argv[1:]))
