import sys

from benchmarks.design import main

sys.exit(main(sys.argv[1:]))
