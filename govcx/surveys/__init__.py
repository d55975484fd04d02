"""Survey definitions: questions, A-11 templates, versions and the publication lifecycle."""
