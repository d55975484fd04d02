#!/usr/bin/env python
"""Django's entry point; `govcx` is the same command once the package is installed."""

from govcx.cli import main

if __name__ == "__main__":
    main()
