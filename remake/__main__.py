import sys

from remake.cli import main

sys.exit(main())
