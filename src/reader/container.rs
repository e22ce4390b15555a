//! Compressed containers: gzip (`x.jsonl.gz`, the format named by the inner extension) and zip
//! archives of supported files.
//!
//! Decompression never trusts declared sizes: output is read through a limit of
//! `max_file_bytes + 1`, so a decompression bomb costs at most that much memory before it is
//! refused. A bad zip member is a [`Problem`] and the other members are still read.

use std::io::{self, BufReader, Read, Seek};

use flate2::read::MultiGzDecoder;
use zip::result::ZipError;
use zip::ZipArchive;

use super::{
    is_hidden_name, parse_bytes, FileContents, Kind, LocatedArticle, Problem, ReadError,
    ReadOptions,
};

/// Reads all of `reader`, or `None` when it yields more than `limit` bytes.
pub(crate) fn read_limited(reader: impl Read, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Decompresses gzip data (several concatenated members are one stream, as `gzip` writes them).
pub(crate) fn gunzip(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    match read_limited(MultiGzDecoder::new(reader), limit) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(ReadError::TooLargeDecompressed { limit }),
        Err(e) => Err(corrupt_or_io(e)),
    }
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

/// Reads every supported member of a zip archive, in archive order. Folders and hidden members
/// (`.DS_Store`, `__MACOSX/…`) are passed over; other members that cannot be read are problems.
pub(crate) fn read_zip(
    reader: impl Read + Seek,
    options: &ReadOptions,
) -> Result<FileContents, ReadError> {
    let mut archive = ZipArchive::new(BufReader::new(reader)).map_err(zip_error)?;
    let mut contents = FileContents::default();
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
        match read_member(&mut archive, index, &name, options) {
            Ok(found) => merge(&mut contents, &name, found),
            Err(error) => contents.problems.push(Problem {
                locator: name,
                reason: error.to_string(),
            }),
        }
    }
    Ok(contents)
}

fn read_member<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    name: &str,
    options: &ReadOptions,
) -> Result<FileContents, ReadError> {
    let limit = options.max_file_bytes;
    let format = match Kind::of_name(name) {
        Some(Kind::Plain(format) | Kind::Gzip(format)) => format,
        Some(Kind::Zip) => return Err(ReadError::NestedZip),
        None => return Err(ReadError::Unsupported),
    };
    let member = archive.by_index(index).map_err(zip_error)?;
    if member.is_dir() {
        return Ok(FileContents::default());
    }
    if member.size() > limit {
        return Err(ReadError::TooLarge {
            size: member.size(),
            limit,
        });
    }
    let mut bytes = match read_limited(member, limit) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(ReadError::TooLargeDecompressed { limit }),
        Err(e) => return Err(corrupt_or_io(e)),
    };
    if let Some(Kind::Gzip(_)) = Kind::of_name(name) {
        bytes = gunzip(bytes.as_slice(), limit)?;
    }
    parse_bytes(bytes, format, options)
}

/// Adds a member's articles and problems, their locators prefixed with the member's name:
/// `2015-07-21.json[41]`, `feed.jsonl line 3`, `note.txt`.
fn merge(contents: &mut FileContents, member: &str, found: FileContents) {
    let locate = |inner: &str| match inner {
        "" => member.to_owned(),
        _ if inner.starts_with('[') => format!("{member}{inner}"),
        _ => format!("{member} {inner}"),
    };
    for LocatedArticle { locator, article } in found.articles {
        contents.articles.push(LocatedArticle {
            locator: locate(&locator),
            article,
        });
    }
    for Problem { locator, reason } in found.problems {
        contents.problems.push(Problem {
            locator: locate(&locator),
            reason,
        });
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
