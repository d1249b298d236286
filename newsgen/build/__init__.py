"""The build: source files in, output files out (see phases.py)."""

from newsgen.build.phases import build
from newsgen.build.report import BuildOptions, BuildReport

__all__ = ["BuildOptions", "BuildReport", "build"]
