"""Build layer: stage, execute, render and assemble the three editions (``python -m ctdc_story.build``)."""
