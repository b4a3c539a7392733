from notes_analyzer.cli import main

if __name__ == "__main__":  # worker processes import this module too (spawn): they must not run the CLI
    main()
