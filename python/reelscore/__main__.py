import sys

from reelscore.cli import main

sys.exit(main())
