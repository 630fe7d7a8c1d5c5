import sys

from benchmarks.hubs import main

sys.exit(main(sys.argv[1:]))
