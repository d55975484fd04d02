"""The labelled comments the sentiment scorers are measured on, and the code that measures them.

`comments.jsonl` is the evaluation set: each line `{"text", "language", "label"}` and, when the
survey's language tag differs from the language the text is written in, `"tag"` (an English
survey answered in Spanish, a French comment on an English survey …). Comments in languages
other than English and Spanish are labelled "not_scored". `development.jsonl` has the same
shape and is the only set the lexicons were tuned on; the two share no comment.
"""
