"""`python app.py`: build the index if needed, then serve the web chat (see README)."""

from assistant.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["serve"]))
