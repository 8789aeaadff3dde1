from bepkit.faces.cli import main

main()
