import sys

from benchmarks.outreach import main

sys.exit(main(sys.argv[1:]))
