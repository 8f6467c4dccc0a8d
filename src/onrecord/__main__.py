"""``python -m onrecord``: the same command as the ``onrecord`` script, for environments without
the script on ``PATH`` and for tests that need a real process (exit codes, stdin)."""

from onrecord.cli import app

if __name__ == "__main__":
    app(prog_name="onrecord")
