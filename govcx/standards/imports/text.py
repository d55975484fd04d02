"""Bytes in, UTF-8 text out, a chunk at a time, with the line and byte of any bad byte."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from govcx.standards.imports.problems import ImportAbortedError, RowError

CHUNK_BYTES = 64 * 1024
# One line is held whole while it is parsed; a line this long is not a record but a broken file.
MAX_LINE_CHARS = 1024 * 1024
BOM = b"\xef\xbb\xbf"

ProgressCallback = Callable[[int], object]


class Readable(Protocol):
    """A binary file, or an HTTP request body read as a stream."""

    def read(self, size: int = -1, /) -> bytes: ...


def decoded_chunks(source: Readable, on_progress: ProgressCallback | None = None) -> Iterator[str]:
    """The source as text, without a leading byte order mark; stops at the first non-UTF-8 byte."""
    decoder = _Utf8Chunks()
    while chunk := source.read(CHUNK_BYTES):
        if on_progress is not None:
            on_progress(len(chunk))
        text = decoder.decode(chunk)
        if text:
            yield text
    decoder.finish()


def text_lines(chunks: Iterator[str]) -> Iterator[str]:
    """Physical lines, each with its own line ending, so callers can count lines exactly."""
    pending = ""
    line = 1
    for chunk in chunks:
        pending += chunk
        start = 0
        while (end := pending.find("\n", start)) != -1:
            yield pending[start : end + 1]
            start = end + 1
            line += 1
        pending = pending[start:]
        if len(pending) > MAX_LINE_CHARS:
            raise ImportAbortedError(
                RowError(line, None, "This line is longer than a million characters.")
            )
    if pending:
        yield pending


class _Utf8Chunks:
    """Decodes chunk by chunk, holding back a character split across two chunks."""

    def __init__(self) -> None:
        self.carry = b""
        self.started = False
        self.line = 1
        self.bytes_into_line = 0

    def decode(self, chunk: bytes) -> str:
        data = self.carry + chunk
        if not self.started:
            if len(data) < len(BOM) and BOM.startswith(data):
                self.carry = data  # perhaps the start of a byte order mark; wait for more
                return ""
            self.started = True
            data = data.removeprefix(BOM)
        cut = _complete_prefix_length(data)
        self.carry = data[cut:]
        return self._decode_complete(data[:cut])

    def finish(self) -> None:
        """Bytes still held at the end are a character cut short: an error too."""
        if self.carry:
            self._decode_complete(self.carry)

    def _decode_complete(self, data: bytes) -> str:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportAbortedError(self._where(data, error.start)) from None
        newline = data.rfind(b"\n")
        self.line += data.count(b"\n")
        self.bytes_into_line = (
            len(data) - newline - 1 if newline != -1 else self.bytes_into_line + len(data)
        )
        return text

    def _where(self, data: bytes, position: int) -> RowError:
        line = self.line + data.count(b"\n", 0, position)
        newline = data.rfind(b"\n", 0, position)
        byte = position - newline if newline != -1 else self.bytes_into_line + position + 1
        return RowError(
            line,
            None,
            f"The file is not UTF-8 text: byte {byte} of this line (0x{data[position]:02X}) "
            "is not valid UTF-8. Save the file as UTF-8 (with or without a byte order mark).",
        )


def _complete_prefix_length(data: bytes) -> int:
    """How many bytes of `data` end on a character boundary (a split character waits)."""
    start = len(data) - 1
    while start >= max(0, len(data) - 4) and data[start] & 0xC0 == 0x80:
        start -= 1  # skip continuation bytes back to the character's first byte
    if start < 0:
        return len(data)
    needed = _sequence_length(data[start])
    return start if len(data) - start < needed else len(data)


def _sequence_length(first_byte: int) -> int:
    if first_byte >> 5 == 0b110:
        return 2
    if first_byte >> 4 == 0b1110:
        return 3
    if first_byte >> 3 == 0b11110:
        return 4
    return 1  # ASCII, or a byte no character starts with, which decoding will report
