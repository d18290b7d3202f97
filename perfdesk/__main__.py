from perfdesk.cli.main import main

raise SystemExit(main())
