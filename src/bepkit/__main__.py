from bepkit.faces.cli import run

run()
