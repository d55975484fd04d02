"""Word lists read by the name detector (a package so the lists install with the code)."""
