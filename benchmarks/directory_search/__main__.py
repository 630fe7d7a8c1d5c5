import sys

from benchmarks.directory_search import main

sys.exit(main(sys.argv[1:]))
