import sys

from benchmarks.places_pages import main

sys.exit(main(sys.argv[1:]))
