//! Compressed containers: gzip (`x.jsonl.gz`, the format named by the inner extension) and zip
//! archives of supported files.
//!
//! Decompression never trusts declared sizes. Every decompressed byte goes through a [`Guard`]
//! that stops the stream at the first byte past a budget: `max_file_bytes` for a whole document
//! (held in memory to be parsed), `max_archive_bytes` for one `.gz` file or all the members of one
//! zip together, and `max_compression_ratio` against the compressed bytes read (a decompression
//! bomb is refused within its first MiBs, not after gigabytes). Zip members are read one at a
//! time and their records passed on before the next member is opened, so memory holds one member
//! (or, for JSON Lines, one record) whatever the archive holds. A bad zip member is a problem and
//! the other members are still read.

use std::cell::Cell;
use std::fmt;
use std::io::{self, BufReader, Read, Seek};
use std::rc::Rc;

use flate2::read::MultiGzDecoder;
use zip::result::ZipError;
use zip::ZipArchive;

use super::sink::Sink;
use super::{is_hidden_name, lines, parse_document_bytes, Format, Kind, ReadError, ReadOptions};

/// The compression ratio is only judged past this many decompressed bytes: a small file of
/// repeated lines may compress 200:1 and is no threat.
const RATIO_GRACE: u64 = 1 << 20;

/// Reads all of `reader`, or `None` when it yields more than `limit` bytes; `expected` (the file's
/// size) sizes the buffer once.
pub(crate) fn read_limited(
    reader: impl Read,
    limit: u64,
    expected: u64,
) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(limit)).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Why a [`Guard`] stopped a stream; carried inside the `io::Error` it returns.
#[derive(Debug, Clone, Copy)]
enum Trip {
    /// More than this many bytes for one document.
    File(u64),
    /// More than this many bytes for the whole archive.
    Archive(u64),
    /// A ratio over this one.
    Ratio(u64),
}

impl fmt::Display for Trip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", ReadError::from(*self))
    }
}

impl std::error::Error for Trip {}

impl From<Trip> for ReadError {
    fn from(trip: Trip) -> Self {
        match trip {
            Trip::File(limit) => ReadError::TooLargeDecompressed { limit },
            Trip::Archive(limit) => ReadError::ArchiveBudget { limit },
            Trip::Ratio(max) => ReadError::CompressionRatio { max },
        }
    }
}

/// An error met while streaming decompressed data: a budget the [`Guard`] enforced, bad data, or
/// an I/O error.
pub(crate) fn stream_error(error: io::Error) -> ReadError {
    match error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<Trip>())
    {
        Some(trip) => ReadError::from(*trip),
        None => corrupt_or_io(error),
    }
}

/// How many compressed bytes are behind the decompressed ones, so far: the ratio is judged as
/// the data streams, and a bomb is stopped within its first MiBs rather than after a hundred
/// times its whole compressed size.
enum Compressed {
    /// As counted by a [`Counting`] reader under the decoder.
    Counted(Rc<Cell<u64>>),
    /// As counted under a zip archive, since this member's data began at `start`.
    Since { count: Rc<Cell<u64>>, start: u64 },
}

/// The budgets of one archive (one `.gz` file, or one zip with all its members).
struct Budget<'o> {
    options: &'o ReadOptions,
    /// Decompressed bytes so far, all members together.
    used: Cell<u64>,
}

/// Decompressed bytes, counted against a document's limit, the archive's budget and the
/// compression ratio.
struct Guard<'b, R> {
    inner: R,
    budget: &'b Budget<'b>,
    /// This document's bytes so far.
    given: u64,
    /// This document's limit, `u64::MAX` for a stream read record by record.
    limit: u64,
    compressed: Compressed,
}

impl<'b, R: Read> Guard<'b, R> {
    fn new(inner: R, budget: &'b Budget<'b>, limit: u64, compressed: Compressed) -> Self {
        Guard {
            inner,
            budget,
            given: 0,
            limit,
            compressed,
        }
    }

    fn check(&self) -> Result<(), Trip> {
        let options = self.budget.options;
        if self.given > self.limit {
            return Err(Trip::File(self.limit));
        }
        if self.budget.used.get() > options.max_archive_bytes {
            return Err(Trip::Archive(options.max_archive_bytes));
        }
        let compressed = match &self.compressed {
            Compressed::Counted(count) => count.get(),
            Compressed::Since { count, start } => count.get().saturating_sub(*start),
        };
        let max = options.max_compression_ratio;
        if max > 0 && self.given > RATIO_GRACE && self.given > compressed.saturating_mul(max) {
            return Err(Trip::Ratio(max));
        }
        Ok(())
    }
}

impl<R: Read> Read for Guard<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Never hand out more than one byte past the limit: the caller sees the trip before it
        // has buffered much beyond what it may hold.
        let room = self.limit.saturating_sub(self.given).saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.given += n as u64;
        self.budget.used.set(self.budget.used.get() + n as u64);
        self.check().map_err(io::Error::other)?;
        Ok(n)
    }
}

/// Counts the bytes read through it, for the compression ratio of a gzip stream.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, position: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(position)
    }
}

/// Reads a `.gz` file of `format` (several concatenated gzip members are one stream, as `gzip`
/// writes them) into `sink`.
pub(crate) fn read_gzip(
    reader: impl Read,
    format: Format,
    options: &ReadOptions,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    let budget = Budget {
        options,
        used: Cell::new(0),
    };
    gunzip_into(reader, format, &budget, sink)
}

fn gunzip_into(
    reader: impl Read,
    format: Format,
    budget: &Budget,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    let count = Rc::new(Cell::new(0));
    let decoder = MultiGzDecoder::new(Counting {
        inner: reader,
        count: Rc::clone(&count),
    });
    let guarded = Guard::new(
        decoder,
        budget,
        document_limit(format, budget.options),
        Compressed::Counted(count),
    );
    read_format(guarded, format, 0, budget.options, sink)
}

/// The most bytes of `format` held in memory at once: a whole document, or for JSON Lines (read
/// record by record) no limit but the archive's.
fn document_limit(format: Format, options: &ReadOptions) -> u64 {
    match format {
        Format::JsonLines => u64::MAX,
        Format::Text | Format::Json => options.max_file_bytes,
    }
}

/// Parses decompressed data: JSON Lines streamed, other formats read whole, into a buffer of
/// `capacity` bytes to start with.
fn read_format(
    mut reader: impl Read,
    format: Format,
    capacity: u64,
    options: &ReadOptions,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    if format == Format::JsonLines {
        return lines::read_lines(BufReader::new(reader), options, sink);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    reader.read_to_end(&mut bytes).map_err(stream_error)?;
    parse_document_bytes(bytes, format, options, sink)
}

/// Decoder errors mean bad data; anything else (a disk error) stays an I/O error.
fn corrupt_or_io(error: io::Error) -> ReadError {
    match error.kind() {
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput | io::ErrorKind::UnexpectedEof => {
            ReadError::Corrupt(error.to_string())
        }
        _ => ReadError::Io(error),
    }
}

fn zip_error(error: ZipError) -> ReadError {
    match error {
        ZipError::Io(e) => corrupt_or_io(e),
        other => ReadError::Corrupt(other.to_string()),
    }
}

/// Reads every supported member of a zip archive into `sink`, in archive order, one member at a
/// time. Folders and hidden members (`.DS_Store`, `__MACOSX/…`) are passed over; other members
/// that cannot be read are problems, and once the archive's budget is spent every member left is
/// reported, not read.
pub(crate) fn read_zip(
    reader: impl Read + Seek,
    options: &ReadOptions,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    let count = Rc::new(Cell::new(0));
    let counting = Counting {
        inner: reader,
        count: Rc::clone(&count),
    };
    let mut archive = ZipArchive::new(BufReader::new(counting)).map_err(zip_error)?;
    let budget = Budget {
        options,
        used: Cell::new(0),
    };
    for index in 0..archive.len() {
        let name = archive
            .name_for_index(index)
            .map_or_else(|| format!("#{index}"), str::to_owned);
        if name.ends_with('/')
            || name
                .split('/')
                .any(|part| is_hidden_name(part) || part == "__MACOSX")
        {
            continue;
        }
        sink.member = Some(name.clone());
        let read = if budget.used.get() >= options.max_archive_bytes {
            Err(ReadError::ArchiveBudget {
                limit: options.max_archive_bytes,
            })
        } else {
            read_member(&mut archive, index, &name, (&budget, &count), sink)
        };
        if let Err(error) = read {
            sink.skip("", error.to_string());
        }
        sink.member = None;
    }
    if sink.articles == 0 && sink.refusals == 0 {
        return Err(ReadError::NoArticle);
    }
    Ok(())
}

fn read_member<R: Read + Seek>(
    archive: &mut ZipArchive<BufReader<Counting<R>>>,
    index: usize,
    name: &str,
    (budget, count): (&Budget, &Rc<Cell<u64>>),
    sink: &mut Sink,
) -> Result<(), ReadError> {
    let options = budget.options;
    let (format, gzipped) = match Kind::of_name(name) {
        Some(Kind::Plain(format)) => (format, false),
        Some(Kind::Gzip(format)) => (format, true),
        Some(Kind::Zip) => return Err(ReadError::NestedZip),
        None => return Err(ReadError::Unsupported),
    };
    let member = archive.by_index(index).map_err(zip_error)?;
    if member.is_dir() {
        return Ok(());
    }
    let limit = match gzipped {
        // The inner gzip stream has its own guard; this one counts toward the archive's budget.
        true => u64::MAX,
        false => document_limit(format, options),
    };
    if member.size() > limit {
        return Err(ReadError::TooLarge {
            size: member.size(),
            limit,
        });
    }
    let member_size = member.size();
    let compressed = Compressed::Since {
        count: Rc::clone(count),
        start: count.get(),
    };
    let guarded = Guard::new(member, budget, limit, compressed);
    if gzipped {
        gunzip_into(guarded, format, budget, sink)
    } else {
        // The declared size, bounded by the limit, saves the doublings of a growing buffer (which
        // would briefly hold twice a large member); a false one only costs a reallocation.
        read_format(guarded, format, member_size.min(limit), options, sink)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use flate2::write::GzEncoder;
    use flate2::Compression;
    use zip::write::SimpleFileOptions;
    use zip::ZipWriter;

    use super::*;
    use crate::reader::FileContents;

    /// Gunzips `data` whole through the guard, with `limit` for the document.
    fn gunzip(data: &[u8], limit: u64) -> Result<Vec<u8>, ReadError> {
        let options = ReadOptions {
            max_file_bytes: limit,
            ..ReadOptions::default()
        };
        let budget = Budget {
            options: &options,
            used: Cell::new(0),
        };
        let count = Rc::new(Cell::new(0));
        let decoder = MultiGzDecoder::new(Counting {
            inner: data,
            count: Rc::clone(&count),
        });
        let mut guarded = Guard::new(decoder, &budget, limit, Compressed::Counted(count));
        let mut bytes = Vec::new();
        guarded.read_to_end(&mut bytes).map_err(stream_error)?;
        Ok(bytes)
    }

    /// [`super::read_zip`], its records collected.
    fn read_zip(
        reader: impl Read + Seek,
        options: &ReadOptions,
    ) -> Result<FileContents, ReadError> {
        let mut contents = FileContents::default();
        let mut collect = |record| contents.push(record);
        super::read_zip(reader, options, &mut Sink::new(&mut collect, String::new()))?;
        Ok(contents)
    }

    pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in members {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn gunzip_reads_concatenated_members_and_refuses_bombs() {
        let mut data = gzip(b"first ");
        data.extend(gzip(b"second"));
        assert_eq!(gunzip(data.as_slice(), 100).unwrap(), b"first second");
        let bomb = gzip(&vec![b'a'; 10_000]);
        assert!(matches!(
            gunzip(bomb.as_slice(), 9_999),
            Err(ReadError::TooLargeDecompressed { limit: 9_999 })
        ));
        assert_eq!(gunzip(bomb.as_slice(), 10_000).unwrap().len(), 10_000);
    }

    #[test]
    fn truncated_or_fake_gzip_is_corrupt() {
        let data = gzip("عنوان\nنص طويل ".repeat(200).as_bytes());
        let truncated = &data[..data.len() / 2];
        assert!(matches!(
            gunzip(truncated, 1 << 20),
            Err(ReadError::Corrupt(_))
        ));
        assert!(matches!(
            gunzip(&b"not gzip at all"[..], 1 << 20),
            Err(ReadError::Corrupt(_))
        ));
    }

    #[test]
    fn zip_members_are_read_with_prefixed_locators() {
        let data = zip(&[
            ("a.json", br#"[{"title": "one"}, {"title": "two"}]"#),
            ("dir/b.txt", "عنوان\nنص".as_bytes()),
            ("c.jsonl.gz", &gzip(b"{\"title\": \"three\"}\nbad\n")),
            ("readme.md", b"not an article"),
            ("__MACOSX/._a.json", b"\0\0junk"),
            ("nested.zip", b"PK"),
            ("empty.txt", b""),
        ]);
        let contents = read_zip(Cursor::new(data), &ReadOptions::default()).unwrap();
        let found: Vec<_> = contents
            .articles
            .iter()
            .map(|a| a.locator.as_str())
            .collect();
        assert_eq!(
            found,
            ["a.json[0]", "a.json[1]", "dir/b.txt", "c.jsonl.gz line 1"]
        );
        let problems: Vec<_> = contents
            .problems
            .iter()
            .map(|p| (p.locator.as_str(), p.reason.as_str()))
            .collect();
        assert_eq!(problems[0].0, "c.jsonl.gz line 2, column 1");
        assert_eq!(problems[1], ("readme.md", "unsupported file type"));
        assert_eq!(problems[2].0, "nested.zip");
        assert_eq!(problems[3], ("empty.txt", "empty file"));
        assert_eq!(problems.len(), 4);
    }

    #[test]
    fn oversize_zip_member_is_a_problem_not_a_failure() {
        let big = "عنوان\n".repeat(1000);
        let data = zip(&[("big.txt", big.as_bytes()), ("small.txt", b"title\nbody")]);
        let options = ReadOptions {
            max_file_bytes: 100,
            ..ReadOptions::default()
        };
        let contents = read_zip(Cursor::new(data), &options).unwrap();
        assert_eq!(contents.articles.len(), 1);
        assert_eq!(contents.problems[0].locator, "big.txt");
        assert!(contents.problems[0].reason.contains("too large"));
    }

    #[test]
    fn truncated_zip_is_corrupt() {
        let data = zip(&[("a.txt", b"title\nbody")]);
        let truncated = data[..data.len() - 10].to_vec();
        assert!(matches!(
            read_zip(Cursor::new(truncated), &ReadOptions::default()),
            Err(ReadError::Corrupt(_))
        ));
    }
}
