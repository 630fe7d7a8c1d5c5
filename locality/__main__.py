from locality.cli import main

main()
