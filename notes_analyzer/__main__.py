from notes_analyzer.cli import main

main()
