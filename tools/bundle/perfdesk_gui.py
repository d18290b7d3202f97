"""The portable bundle's `perfdesk-gui` (no console window on Windows): what desktop shortcuts
and double-clicked .perfdesk files start."""
import sys

if __name__ == "__main__":
    from perfdesk.cli.main import gui_main

    sys.exit(gui_main())
