"""The portable bundle's `perfdesk` (console): the command line, the GUI without arguments, and
`--selftest`."""
import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--selftest"]:
        from perfdesk.selftest import main

        sys.exit(main(sys.argv[2:]))
    from perfdesk.cli.main import main

    sys.exit(main())
