"""python -m ctdc_story.build: build every edition into _build/site."""

import sys

from ctdc_story.build.cli import main

sys.exit(main())
