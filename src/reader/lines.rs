//! JSON Lines streamed one record at a time, from a file, a gzip stream or a zip member: memory
//! holds one line (at most `max_record_bytes`), whatever the size of the file.
//!
//! Each line is decoded on its own (UTF-8, Windows-1256 or UTF-8 with a few bad bytes replaced:
//! the rules of `decode`), so one bad line costs one record. A stream that breaks off (a
//! truncated `.jsonl.gz`, a budget reached) keeps every record before the break and reports the
//! break with its line.

use std::io::{self, BufRead};

use super::decode::{self, Decoded};
use super::sink::Sink;
use super::{container, json, ReadError, ReadOptions};

/// Reads JSON Lines from `reader` into `sink`. A whole-file error (binary data, UTF-16, nothing
/// but blank lines, no article) is returned only when no article was passed on.
pub(crate) fn read_lines(
    mut reader: impl BufRead,
    options: &ReadOptions,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    let prefix = reader.fill_buf().map_err(container::stream_error)?;
    decode::check_not_utf16(prefix)?;
    if decode::looks_binary(prefix) {
        return Err(ReadError::Binary);
    }
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    let (articles, refusals) = (sink.articles, sink.refusals);
    let mut state = State {
        options,
        any_text: false,
        warned_mojibake: false,
    };
    let mut buffer = Vec::new();
    for number in 1.. {
        match next_line(&mut reader, &mut buffer, options.max_record_bytes) {
            Ok(Line::End) => break,
            Ok(Line::Complete) => state.record(&buffer, number, sink),
            Ok(Line::TooLong(length)) => {
                state.any_text = true;
                sink.skip(
                    &format!("line {number}"),
                    format!(
                        "record too large: {length} bytes, the limit is {}",
                        options.max_record_bytes
                    ),
                );
            }
            Err(error) => {
                let error = container::stream_error(error);
                if sink.articles == articles {
                    return Err(error);
                }
                // A last object complete but for its line end is still a record.
                if serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&buffer)
                    .is_ok()
                {
                    state.record(&buffer, number, sink);
                }
                sink.skip(
                    &format!("line {number}"),
                    format!("{error}; the records before it were read"),
                );
                return Ok(());
            }
        }
    }
    if !state.any_text {
        return Err(ReadError::Empty);
    }
    if sink.articles == articles && sink.refusals == refusals {
        return Err(ReadError::NoArticle);
    }
    Ok(())
}

struct State<'o> {
    options: &'o ReadOptions,
    any_text: bool,
    /// A forced encoding that reads as mojibake is reported once per file, not once per line.
    warned_mojibake: bool,
}

impl State<'_> {
    fn record(&mut self, bytes: &[u8], number: usize, sink: &mut Sink) {
        let bytes = bytes.trim_ascii();
        // The last line may carry the NUL or DOS end-of-file padding of legacy writers.
        let end = bytes
            .iter()
            .rposition(|b| !matches!(b, 0 | 0x1A))
            .map_or(0, |i| i + 1);
        let bytes = &bytes[..end];
        if bytes.is_empty() {
            return;
        }
        self.any_text = true;
        let locator = format!("line {number}");
        match decode::decode_record(bytes, self.options.encoding) {
            Ok(Decoded { text, warning }) => {
                if let Some(warning) = warning {
                    if !warning.per_file || !self.warned_mojibake {
                        self.warned_mojibake |= warning.per_file;
                        sink.warn(&locator, warning.message);
                    }
                }
                json::parse_line(&text, number, self.options, sink);
            }
            Err(error) => sink.skip(&locator, error.to_string()),
        }
    }
}

/// What [`next_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// The end of the stream, nothing left.
    End,
    /// A line, in the buffer without its `\n`.
    Complete,
    /// A line longer than the limit, of this many bytes, passed over (the buffer is empty).
    TooLong(u64),
}

/// Reads the next line into `buffer`, holding at most `limit` bytes of it. On an error the buffer
/// keeps what was read of the line.
fn next_line(reader: &mut impl BufRead, buffer: &mut Vec<u8>, limit: u64) -> io::Result<Line> {
    buffer.clear();
    let (mut length, mut too_long) = (0u64, false);
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (length, too_long) {
                (0, _) => Line::End,
                (_, true) => Line::TooLong(length),
                _ => Line::Complete,
            });
        }
        let newline = available.iter().position(|b| *b == b'\n');
        let chunk = &available[..newline.unwrap_or(available.len())];
        length += chunk.len() as u64;
        if length > limit {
            too_long = true;
            buffer.clear();
        } else {
            buffer.extend_from_slice(chunk);
        }
        let used = chunk.len() + usize::from(newline.is_some());
        reader.consume(used);
        if newline.is_some() {
            return Ok(if too_long {
                Line::TooLong(length)
            } else {
                Line::Complete
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cut_at_the_limit_and_the_next_ones_read() {
        let mut reader = &b"short\nmuch too long a line\n\nlast"[..];
        let mut buffer = Vec::new();
        let mut next = || {
            let line = next_line(&mut reader, &mut buffer, 8).unwrap();
            (line, String::from_utf8(buffer.clone()).unwrap())
        };
        assert_eq!(next(), (Line::Complete, "short".to_owned()));
        assert_eq!(next(), (Line::TooLong(20), String::new()));
        assert_eq!(next(), (Line::Complete, String::new()));
        assert_eq!(next(), (Line::Complete, "last".to_owned()));
        assert_eq!(next(), (Line::End, String::new()));
    }
}
