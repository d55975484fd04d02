"""Pages anyone can read without signing in."""
