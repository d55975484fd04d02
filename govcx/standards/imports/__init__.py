"""Reading operational record files: calls and cases as CSV, JSON Lines or a JSON array.

Nothing here writes. Files are read a chunk at a time and turned into validated rows, one
batch at a time, so memory stays bounded however long the file is; `govcx.standards.services`
stores the batches inside one transaction and rolls it back if any row was wrong.
"""
