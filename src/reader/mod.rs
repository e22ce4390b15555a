//! Reading archives: walking the folder tree and turning each file into [`Article`]s.
//!
//! Supported: the seed text format (`.txt`), JSON (`.json`, one object or an array), JSON Lines
//! (`.jsonl`, `.ndjson`), any of these gzipped (`.gz`) or inside `.zip` archives; UTF-8 or
//! Windows-1256 text. Bad input never panics: a whole file that cannot be read is a [`ReadError`];
//! a bad record inside an otherwise good file is a [`Problem`] and the rest of the file is kept.
//!
//! Files are streamed: [`read_file_each`] passes each [`Record`] on as it is read, so neither a
//! zip of many large members nor a JSON Lines file of any size is ever held whole; [`read_file`]
//! collects them for callers that want the whole file. An article without a usable date takes
//! the one its path carries (`2015/07/21/…`, see [`crate::dates::date_from_path`]).
//! [`read_bytes`] reads the same formats from memory, and [`parse_json_records`] reads a body of
//! JSON articles (an HTTP request) with the same per-record rules.

mod container;
mod decode;
mod json;
mod lines;
mod options;
mod seed_text;
mod sink;
mod walk;

use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use crate::article::Article;
use sink::Sink;

pub use options::{parse_field_spec, ArticleField, Encoding, OptionError, ReadOptions};
pub use walk::{walk_archives, walk_archives_with, Walk, WalkError, WalkOptions, UNSUPPORTED};

/// A file found in the archive, with what is needed to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: i128,
}

/// An article and where it sits inside its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedArticle {
    /// Where in the file: empty for a single-article file, else e.g. `line 12`, `[3]`,
    /// `2015-07-21.json[41]` (zip member and array index). Stable across runs over the same file.
    pub locator: String,
    /// The article.
    pub article: Article,
}

/// A record inside a file that was skipped while the rest of the file was read, or a loss in a
/// record that was kept (invalid bytes replaced, an unparseable date left out, a forced encoding
/// that reads as mojibake): the reason says which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file (`line 12, column 5`, `[3]`, a zip member name…).
    pub locator: String,
    /// Why it was skipped, or what was lost.
    pub reason: String,
}

/// One thing a file gave, in file order: what [`read_file_each`] passes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// An article.
    Article(LocatedArticle),
    /// A record skipped, or a loss in an article kept.
    Problem(Problem),
}

/// What a readable file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileContents {
    /// The articles read.
    pub articles: Vec<LocatedArticle>,
    /// Records skipped inside the file, and losses in the articles kept.
    pub problems: Vec<Problem>,
}

impl FileContents {
    /// Adds a record.
    pub fn push(&mut self, record: Record) {
        match record {
            Record::Article(article) => self.articles.push(article),
            Record::Problem(problem) => self.problems.push(problem),
        }
    }
}

/// Why a whole file could not be read. The `Display` text is the reason shown to the user.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty (or only whitespace).
    #[error("empty file")]
    Empty,
    /// The file holds binary data, not text.
    #[error("binary file, not text")]
    Binary,
    /// The text is neither UTF-8 nor Windows-1256 (or not the forced encoding).
    #[error("undecodable text: {0}")]
    Undecodable(String),
    /// The file is bigger than the limit.
    #[error("file too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Size found.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Invalid JSON, at a line and column.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A compressed file or zip archive is corrupt or truncated.
    #[error("corrupt or truncated archive: {0}")]
    Corrupt(String),
    /// The file has no article with a title or a body.
    #[error("no article with a title or a body")]
    NoArticle,
    /// The file's extension is not one Fihris reads.
    #[error("unsupported file type")]
    Unsupported,
    /// Valid JSON that holds no objects to read as articles (a bare string, a number…).
    #[error("unexpected JSON: {0}")]
    Shape(String),
    /// A `.gz` file or zip member decompresses to more than the limit (a decompression bomb,
    /// or just too big); its real size is not known without decompressing it all.
    #[error("file too large once decompressed: more than {limit} bytes")]
    TooLargeDecompressed {
        /// The limit.
        limit: u64,
    },
    /// A zip archive inside a zip archive: not read, to keep one level of containers.
    #[error("zip archive inside a zip archive, not read")]
    NestedZip,
    /// A `.gz` file or zip archive decompressed to more than its budget, all members together.
    #[error("archive budget spent: more than {limit} bytes decompressed from this archive")]
    ArchiveBudget {
        /// The budget.
        limit: u64,
    },
    /// Decompressed data grew more than this many times its compressed size: a decompression
    /// bomb, refused before it costs more.
    #[error("compression ratio over {max}:1, a decompression bomb: not read")]
    CompressionRatio {
        /// The highest ratio allowed.
        max: u64,
    },
    /// The path is not a regular file (a named pipe, a socket, a device, a folder): never opened
    /// for reading, since reading a pipe would wait for a writer forever.
    #[error("not a regular file: {0}")]
    NotRegular(&'static str),
}

/// The article format, from the file name's (inner) extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// The seed text format, `.txt`.
    Text,
    /// `.json`: one object or an array of objects.
    Json,
    /// `.jsonl`, `.ndjson`: one object a line.
    JsonLines,
}

/// How a file's bytes reach the format's parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Read as is.
    Plain(Format),
    /// Gunzipped first; the format comes from the extension under `.gz`.
    Gzip(Format),
    /// A zip archive; each member has its own kind.
    Zip,
}

impl Kind {
    /// The kind of a file (or zip member) name, by its extensions, ignoring ASCII case;
    /// `None` for names Fihris does not read.
    fn of_name(name: &str) -> Option<Kind> {
        let name = Path::new(name);
        let extension = lowercase_extension(name)?;
        match extension.as_str() {
            "zip" => Some(Kind::Zip),
            "gz" => {
                let inner = Path::new(name.file_stem()?);
                Format::of_extension(&lowercase_extension(inner)?).map(Kind::Gzip)
            }
            other => Format::of_extension(other).map(Kind::Plain),
        }
    }
}

impl Format {
    fn of_extension(extension: &str) -> Option<Format> {
        match extension {
            "txt" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

fn lowercase_extension(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

/// Hidden files and folders (`.git`, `.DS_Store`) are not archive content.
fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.') && name != "." && name != ".."
}

/// Whether `path` names a file Fihris reads (by its extension), so the walker can count the others
/// as skipped without opening them.
pub fn is_supported(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .and_then(Kind::of_name)
        .is_some()
}

/// Reads every article of `path`; see [`read_file_each`].
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<FileContents, ReadError> {
    let mut contents = FileContents::default();
    read_file_each(path, options, &mut |record| contents.push(record))?;
    Ok(contents)
}

/// Reads `path`, passing each article and problem to `each` as it is read, so memory holds one
/// document, zip member or JSON Lines record at a time. `Err` means the file gave no article: none
/// was passed on (problems may have been), and whatever an index held of the file should be kept.
///
/// The file is opened without blocking and refused unless the opened handle is a regular file, so
/// a file replaced by a named pipe after the walk is an error, not a wait for a writer forever.
/// Size limits are those of [`ReadOptions`]; declared sizes inside archives are never trusted.
pub fn read_file_each(
    path: &Path,
    options: &ReadOptions,
    each: &mut dyn FnMut(Record),
) -> Result<(), ReadError> {
    let kind = path
        .file_name()
        .and_then(|name| name.to_str())
        .and_then(Kind::of_name)
        .ok_or(ReadError::Unsupported)?;
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    let mut sink = Sink::new(each, path.to_string_lossy().into_owned());
    read_kind(kind, file, size, options, &mut sink)
}

/// Reads a file's bytes from memory as `read_file` reads a file named `name` (whose extension
/// decides the format, and whose path may date its articles). The entry point of the fuzz targets
/// (`fuzz/`), and of anything that has a file's bytes without the file.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<FileContents, ReadError> {
    let kind = Kind::of_name(name).ok_or(ReadError::Unsupported)?;
    let mut contents = FileContents::default();
    let mut collect = |record| contents.push(record);
    let mut sink = Sink::new(&mut collect, name.to_owned());
    read_kind(
        kind,
        Cursor::new(bytes),
        bytes.len() as u64,
        options,
        &mut sink,
    )?;
    Ok(contents)
}

/// Parses a body of JSON articles, such as an HTTP request's: one object or an array of objects
/// (`ndjson: false`), or one object a line (`ndjson: true`). The rules are those of `.json` and
/// `.jsonl` files: a bad element or line is a [`Problem`] with its line and the others are read,
/// an unparseable date is a problem and the article is kept without it. A body that gives nothing
/// (invalid JSON, empty, no article) is returned as one problem, with its line and column when it
/// has them; so the result always says what happened.
///
/// ```
/// use fihris::reader::{parse_json_records, ReadOptions};
/// let body = br#"[{"title": "one", "date": "21/07/2015"}, {"title": "bad \ud800"}]"#;
/// let contents = parse_json_records(body, false, &ReadOptions::default());
/// assert_eq!(contents.articles.len(), 1);
/// assert_eq!(contents.articles[0].locator, "[0]");
/// assert!(contents.problems[0].locator.starts_with("[1], line 1"));
/// ```
pub fn parse_json_records(bytes: &[u8], ndjson: bool, options: &ReadOptions) -> FileContents {
    let mut contents = FileContents::default();
    let mut collect = |record| contents.push(record);
    let mut sink = Sink::new(&mut collect, String::new());
    let read = match ndjson {
        true => lines::read_lines(bytes, options, &mut sink),
        false => parse_document_bytes(bytes.to_vec(), Format::Json, options, &mut sink),
    };
    if let Err(error) = read {
        let locator = match &error {
            ReadError::Json { line, column, .. } => format!("line {line}, column {column}"),
            _ => String::new(),
        };
        contents.problems.push(Problem {
            locator,
            reason: error.to_string(),
        });
    }
    contents
}

/// Opens `path` for reading only if it is a regular file. On Unix the open itself must not
/// block (a named pipe's open waits for a writer), hence `O_NONBLOCK`; the check is made on the
/// opened handle, so a file swapped for something else after a check by path is still caught.
/// `O_NONBLOCK` changes nothing for reads of a regular file.
fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK);
    }
    let file = open.open(path)?;
    let file_type = file.metadata()?.file_type();
    if file_type.is_file() {
        return Ok(file);
    }
    Err(ReadError::NotRegular(describe(file_type)))
}

fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Reads a file (or the bytes of one) of `kind` and `size` into `sink`.
fn read_kind(
    kind: Kind,
    reader: impl Read + Seek,
    size: u64,
    options: &ReadOptions,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    match kind {
        Kind::Plain(Format::JsonLines) => {
            lines::read_lines(std::io::BufReader::new(reader), options, sink)
        }
        Kind::Plain(format) => {
            let limit = options.max_file_bytes;
            if size > limit {
                return Err(ReadError::TooLarge { size, limit });
            }
            // The file may have grown since its size was read: keep to the limit anyway.
            let Some(bytes) = container::read_limited(reader, limit, size)? else {
                return Err(ReadError::TooLarge {
                    size: size.max(limit + 1),
                    limit,
                });
            };
            parse_document_bytes(bytes, format, options, sink)
        }
        Kind::Gzip(format) => container::read_gzip(reader, format, options, sink),
        Kind::Zip => container::read_zip(reader, options, sink),
    }
}

/// Decodes and parses a whole document (`.txt`, `.json`): its records are passed on only when
/// it gave an article, or problems that explain why not.
fn parse_document_bytes(
    bytes: Vec<u8>,
    format: Format,
    options: &ReadOptions,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    let decode::Decoded { text, warning } = decode::decode(bytes, options.encoding)?;
    sink.all_or_nothing(|sink| {
        match format {
            Format::Text => {
                let article = seed_text::parse(&text).ok_or(ReadError::NoArticle)?;
                sink.article(String::new(), article);
            }
            Format::Json => json::parse_document(&text, options, sink)?,
            Format::JsonLines => json::parse_lines(&text, options, sink),
        }
        if let Some(warning) = warning {
            sink.warn(&format!("line {}", warning.line), warning.message);
        }
        Ok(())
    })
}

#[cfg(test)]
mod real_data_tests;

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::PathBuf;

    use super::*;

    /// Writes `bytes` as `name` in a fresh temp folder; the folder lives as long as the guard.
    fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn read(name: &str, bytes: &[u8]) -> Result<FileContents, ReadError> {
        let (_dir, path) = file(name, bytes);
        read_file(&path, &ReadOptions::default())
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn locators(contents: &FileContents) -> Vec<&str> {
        contents
            .articles
            .iter()
            .map(|a| a.locator.as_str())
            .collect()
    }

    const SEED: &str =
        "\u{FEFF}عنوان الخبر\n\nعنوان الخبر\n- وسم\n- وسم\nالفقرة الأولى.\nالفقرة الثانية.";

    #[test]
    fn supported_names() {
        for name in [
            "a.txt",
            "A.TXT",
            "a.json",
            "a.jsonl",
            "a.ndjson",
            "a.jsonl.gz",
            "b.txt.GZ",
            "c.zip",
        ] {
            assert!(is_supported(Path::new(name)), "{name}");
        }
        for name in [
            "a.md",
            "a.gz",
            "a.tar.gz",
            "txt",
            ".txt",
            "a.json.bz2",
            "noext",
        ] {
            assert!(!is_supported(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn seed_text_file() {
        let contents = read("a.txt", SEED.as_bytes()).unwrap();
        assert_eq!(locators(&contents), [""]);
        let article = &contents.articles[0].article;
        assert_eq!(article.title, "عنوان الخبر");
        assert_eq!(article.tags, ["وسم", "وسم"]);
        assert_eq!(article.paragraphs, ["الفقرة الأولى.", "الفقرة الثانية."]);
        assert!(contents.problems.is_empty());
    }

    #[test]
    fn windows_1256_legacy_file_reads_as_title_and_body() {
        let text = "عنوان قديم\r\nنص الخبر في الأرشيف القديم.\r\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let mut bytes = bytes.into_owned();
        bytes.push(0);
        let article = &read("old.txt", &bytes).unwrap().articles[0].article;
        assert_eq!(article.title, "عنوان قديم");
        assert_eq!(article.paragraphs, ["نص الخبر في الأرشيف القديم."]);
        let forced_utf8 = ReadOptions {
            encoding: Encoding::Utf8,
            ..ReadOptions::default()
        };
        let (_dir, path) = file("old.txt", &bytes);
        assert!(matches!(
            read_file(&path, &forced_utf8),
            Err(ReadError::Undecodable(_))
        ));
    }

    #[test]
    fn json_jsonl_and_ndjson_files() {
        let array = r#"[{"title": "a", "body": "x"}, {"title": "b"}]"#;
        assert_eq!(
            locators(&read("a.json", array.as_bytes()).unwrap()),
            ["[0]", "[1]"]
        );
        let lines = "{\"title\": \"a\"}\n{\"title\": \"b\"}\n";
        assert_eq!(
            locators(&read("a.jsonl", lines.as_bytes()).unwrap()),
            ["line 1", "line 2"]
        );
        assert_eq!(
            locators(&read("a.ndjson", lines.as_bytes()).unwrap()),
            ["line 1", "line 2"]
        );
    }

    #[test]
    fn gzipped_files_take_the_inner_format() {
        let contents = read("a.jsonl.gz", &gzip(b"{\"title\": \"a\"}\n")).unwrap();
        assert_eq!(locators(&contents), ["line 1"]);
        let contents = read("a.txt.gz", &gzip(SEED.as_bytes())).unwrap();
        assert_eq!(contents.articles[0].article.tags.len(), 2);
    }

    #[test]
    fn zip_file_reads_members() {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        writer.start_file("day.json", options).unwrap();
        writer
            .write_all(br#"[{"title": "a"}, {"title": "b"}]"#)
            .unwrap();
        let data = writer.finish().unwrap().into_inner();
        let contents = read("x.zip", &data).unwrap();
        assert_eq!(locators(&contents), ["day.json[0]", "day.json[1]"]);
        assert!(matches!(
            read("empty.zip", &empty_zip()),
            Err(ReadError::NoArticle)
        ));
    }

    fn empty_zip() -> Vec<u8> {
        let writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn bad_files_give_clear_errors() {
        type Expected = fn(&ReadError) -> bool;
        let cases: Vec<(&str, Vec<u8>, Expected)> = vec![
            ("empty.txt", vec![], |e| matches!(e, ReadError::Empty)),
            ("blank.json", b" \n ".to_vec(), |e| {
                matches!(e, ReadError::Empty)
            }),
            ("bin.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), |e| {
                matches!(e, ReadError::Binary)
            }),
            ("latin1.txt", b"caf\xE9 cr\xE8me".to_vec(), |e| {
                matches!(e, ReadError::Undecodable(_))
            }),
            ("cut.json", br#"[{"tit"#.to_vec(), |e| {
                matches!(
                    e,
                    ReadError::Json {
                        line: 1,
                        column: 6,
                        ..
                    }
                )
            }),
            ("none.json", b"[{}, {\"author\": \"x\"}]".to_vec(), |e| {
                matches!(e, ReadError::NoArticle)
            }),
            ("zero.json", b"[]".to_vec(), |e| {
                matches!(e, ReadError::NoArticle)
            }),
            ("num.json", b"42".to_vec(), |e| {
                matches!(e, ReadError::Shape(_))
            }),
            ("cut.txt.gz", gzip(SEED.as_bytes())[..20].to_vec(), |e| {
                matches!(e, ReadError::Corrupt(_))
            }),
            ("fake.zip", b"PK\x03\x04 not really".to_vec(), |e| {
                matches!(e, ReadError::Corrupt(_))
            }),
            ("notes.md", b"# notes".to_vec(), |e| {
                matches!(e, ReadError::Unsupported)
            }),
        ];
        for (name, bytes, expected) in cases {
            match read(name, &bytes) {
                Err(error) => assert!(expected(&error), "{name}: unexpected {error:?}"),
                Ok(contents) => panic!("{name}: expected an error, read {contents:?}"),
            }
        }
    }

    #[test]
    fn jsonl_with_only_bad_lines_reports_each_line() {
        let contents = read("bad.jsonl", b"{oops\n\n[1, 2]\n").unwrap();
        assert!(contents.articles.is_empty());
        let found: Vec<_> = contents
            .problems
            .iter()
            .map(|p| p.locator.as_str())
            .collect();
        assert_eq!(found, ["line 1, column 2", "line 3"]);
    }

    #[test]
    fn size_limit_is_checked_before_and_after_decompression() {
        let small = ReadOptions {
            max_file_bytes: 64,
            ..ReadOptions::default()
        };
        let (_dir, path) = file("big.txt", "عنوان\n".repeat(100).as_bytes());
        assert!(matches!(
            read_file(&path, &small),
            Err(ReadError::TooLarge {
                size: 1100,
                limit: 64
            })
        ));
        let bomb = gzip(&vec![b'a'; 1 << 20]);
        assert!(bomb.len() < 1 << 16, "the bomb must be small compressed");
        let (_dir, path) = file("bomb.txt.gz", &bomb);
        let options = ReadOptions {
            max_file_bytes: 1 << 16,
            ..ReadOptions::default()
        };
        assert!(matches!(
            read_file(&path, &options),
            Err(ReadError::TooLargeDecompressed { .. })
        ));
    }

    #[test]
    fn missing_file_and_folder_are_io_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_file(&dir.path().join("gone.txt"), &ReadOptions::default()).unwrap_err();
        assert!(matches!(err, ReadError::Io(_)));
        assert!(err.to_string().starts_with("cannot read"));
        std::fs::create_dir(dir.path().join("folder.txt")).unwrap();
        let err = read_file(&dir.path().join("folder.txt"), &ReadOptions::default());
        assert!(
            matches!(err, Err(ReadError::NotRegular("a folder"))),
            "{err:?}"
        );
    }

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in members {
            let options = zip::write::SimpleFileOptions::default();
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// `count` JSON Lines articles, `id-{n}`, about 200 bytes each and highly compressible.
    fn jsonl_articles(prefix: &str, count: usize) -> Vec<u8> {
        (0..count)
            .map(|n| {
                format!(
                    "{{\"id\": \"{prefix}-{n}\", \"title\": \"عنوان {n}\", \"body\": \"{}\"}}\n",
                    "نص متكرر ".repeat(10)
                )
            })
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn a_zip_is_not_loaded_whole_members_stream_within_the_archive_budget() {
        let members: Vec<(String, Vec<u8>)> = (0..6)
            .map(|m| {
                (
                    format!("m{m}.jsonl"),
                    jsonl_articles(&format!("m{m}"), 2000),
                )
            })
            .collect();
        let member_size = members[0].1.len() as u64;
        let refs: Vec<(&str, &[u8])> = members
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        let data = zip_of(&refs);
        assert!(
            (data.len() as u64) < member_size,
            "the zip must be small on disk"
        );
        let options = ReadOptions {
            // Each member is bigger than the per-file limit: JSON Lines stream past it.
            max_file_bytes: member_size / 4,
            max_archive_bytes: member_size * 5 / 2,
            max_compression_ratio: 0,
            ..ReadOptions::default()
        };
        let (_dir, path) = file("big.zip", &data);
        // Records arrive member by member, as they are read.
        let mut order = Vec::new();
        let read = read_file_each(&path, &options, &mut |record| match record {
            Record::Article(a) => order.push(a.locator.split(' ').next().unwrap().to_owned()),
            Record::Problem(p) => order.push(format!("problem {}: {}", p.locator, p.reason)),
        });
        read.unwrap();
        order.dedup();
        assert_eq!(
            order[..3],
            ["m0.jsonl", "m1.jsonl", "m2.jsonl"],
            "{order:?}"
        );
        // The third member breaks off at the budget, with what it had read kept; the members
        // after it are each reported, not read.
        assert!(order[3].starts_with("problem m2.jsonl line "), "{order:?}");
        assert!(order[3].contains("archive budget"), "{order:?}");
        for (found, m) in order[4..].iter().zip(3..6) {
            assert!(
                found.starts_with(&format!("problem m{m}.jsonl: archive budget")),
                "{found}"
            );
        }
        assert_eq!(order.len(), 7, "{order:?}");
    }

    #[test]
    fn a_zip_bomb_member_is_refused_by_the_compression_ratio() {
        let bomb = vec![b' '; 8 << 20];
        let data = zip_of(&[
            ("bomb.json", &bomb),
            ("good.jsonl", &jsonl_articles("g", 3)),
            (
                "lines-bomb.jsonl",
                &[jsonl_articles("b", 1), bomb.clone()].concat(),
            ),
        ]);
        let contents = read("x.zip", &data).unwrap();
        assert_eq!(contents.articles.len(), 4, "{:?}", contents.problems);
        let problems: Vec<_> = contents
            .problems
            .iter()
            .map(|p| (p.locator.as_str(), p.reason.as_str()))
            .collect();
        assert_eq!(problems[0].0, "bomb.json");
        assert!(problems[0].1.contains("compression ratio"), "{problems:?}");
        assert!(
            problems[1].0.starts_with("lines-bomb.jsonl line 2"),
            "{problems:?}"
        );
        assert!(problems[1].1.contains("compression ratio"), "{problems:?}");
        // A .gz file is held to the same ratio.
        assert!(matches!(
            read("bomb.json.gz", &gzip(&bomb)),
            Err(ReadError::CompressionRatio { max: 100 })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_replaced_by_a_named_pipe_is_refused_without_blocking() {
        let (dir, path) = file("swapped.jsonl", b"{\"title\": \"a\"}\n");
        std::fs::remove_file(&path).unwrap();
        let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        let (sender, receiver) = std::sync::mpsc::channel();
        let reading = path.clone();
        std::thread::spawn(move || {
            let _ = sender.send(read_file(&reading, &ReadOptions::default()));
        });
        // A regression blocks in open() waiting for a writer: fail instead of hanging the suite.
        let result = receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("reading a named pipe blocked");
        assert!(
            matches!(result, Err(ReadError::NotRegular("a named pipe"))),
            "{result:?}"
        );
        drop(dir);
    }

    #[test]
    fn a_text_file_with_a_few_invalid_bytes_is_kept_with_a_problem() {
        let mut bytes = SEED.as_bytes().to_vec();
        let at = SEED.find("الفقرة الأولى").unwrap();
        bytes.insert(at, 0xFF);
        let contents = read("a.txt", &bytes).unwrap();
        assert_eq!(contents.articles[0].article.title, "عنوان الخبر");
        assert_eq!(contents.problems.len(), 1);
        assert_eq!(contents.problems[0].locator, "line 6");
        assert!(contents.problems[0].reason.contains("invalid UTF-8"));
    }

    #[test]
    fn a_truncated_jsonl_gz_keeps_its_complete_records() {
        let data = gzip(&jsonl_articles("t", 400));
        let contents = read("cut.jsonl.gz", &data[..data.len() - 20]).unwrap();
        let read_lines = contents.articles.len();
        assert!(read_lines > 300, "{read_lines}");
        assert_eq!(contents.articles[0].locator, "line 1");
        let problem = contents.problems.last().unwrap();
        assert_eq!(problem.locator, format!("line {}", read_lines + 1));
        assert!(problem.reason.contains("truncated"), "{problem:?}");
        // Cut before any record is complete, the file gave nothing: a whole-file error.
        assert!(matches!(
            read("cut.jsonl.gz", &data[..30]),
            Err(ReadError::Corrupt(_))
        ));
    }

    #[test]
    fn a_jsonl_larger_than_the_file_limit_is_streamed_with_a_per_record_cap() {
        let mut lines = jsonl_articles("s", 50);
        let long = format!("{{\"title\": \"{}\"}}\n", "x".repeat(5000));
        lines.extend_from_slice(long.as_bytes());
        lines.extend(jsonl_articles("after", 1));
        let options = ReadOptions {
            max_file_bytes: 1000,
            max_record_bytes: 4096,
            ..ReadOptions::default()
        };
        let (_dir, path) = file("big.jsonl", &lines);
        let contents = read_file(&path, &options).unwrap();
        assert_eq!(contents.articles.len(), 51);
        assert_eq!(contents.problems.len(), 1);
        assert_eq!(contents.problems[0].locator, "line 51");
        assert!(contents.problems[0].reason.contains("record too large"));
    }

    #[test]
    fn a_txt_article_takes_its_date_from_the_path() {
        let dir = tempfile::tempdir().unwrap();
        for (rel, expected) in [
            ("2015/07/21/story.txt", Some("2015-07-21")),
            ("2015-07-21-story.txt", Some("2015-07-21")),
            ("feed/20150721.txt", Some("2015-07-21")),
            ("undated/story.txt", None),
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, SEED).unwrap();
            let contents = read_file(&path, &ReadOptions::default()).unwrap();
            assert_eq!(
                contents.articles[0].article.date.as_deref(),
                expected,
                "{rel}"
            );
        }
        // A zip member's name dates its articles before the archive's name does.
        let data = zip_of(&[("2016-01-02.json", br#"[{"title": "a"}]"#)]);
        let contents = read("2015-07-21.zip", &data).unwrap();
        assert_eq!(
            contents.articles[0].article.date.as_deref(),
            Some("2016-01-02")
        );
    }

    #[test]
    fn an_unparseable_date_is_a_problem_naming_the_record() {
        let lines = concat!(
            "{\"title\": \"a\", \"date\": \"Tue, 21 Jul 2015 10:22:01 +0300\"}\n",
            "{\"title\": \"b\", \"date\": \"sometime in July\"}\n",
            "{\"title\": \"c\", \"date\": 1437474121}\n",
        );
        let contents = read("2014-01-01.jsonl", lines.as_bytes()).unwrap();
        let dates: Vec<_> = contents
            .articles
            .iter()
            .map(|a| a.article.date.as_deref())
            .collect();
        // The bad date is replaced by the path's, and reported with the record's line.
        assert_eq!(
            dates,
            [
                Some("Tue, 21 Jul 2015 10:22:01 +0300"),
                Some("2014-01-01"),
                Some("1437474121")
            ]
        );
        assert_eq!(contents.problems.len(), 1);
        assert_eq!(contents.problems[0].locator, "line 2");
        assert!(contents.problems[0].reason.contains("sometime in July"));
    }

    #[test]
    fn parse_json_records_reads_a_request_body_per_record() {
        let options = ReadOptions::default();
        let body = "{\"title\": \"one\"}\n{\"title\": \"bad \\ud800\"}\n\n{\"title\": \"three\", \"date\": \"٢١ يوليو ٢٠١٥\"}\n";
        let contents = parse_json_records(body.as_bytes(), true, &options);
        assert_eq!(locators(&contents), ["line 1", "line 4"]);
        assert_eq!(
            contents.articles[1].article.date.as_deref(),
            Some("٢١ يوليو ٢٠١٥")
        );
        assert_eq!(contents.problems.len(), 1);
        assert!(contents.problems[0].locator.starts_with("line 2"));
        // A body that gives nothing says why, with its place.
        let broken = parse_json_records(b"{\"title\": ", false, &options);
        assert!(broken.articles.is_empty());
        assert_eq!(broken.problems[0].locator, "line 1, column 10");
        let empty = parse_json_records(b"", true, &options);
        assert_eq!(empty.problems[0].reason, "empty file");
    }

    #[test]
    fn read_bytes_reads_what_read_file_reads() {
        let (_dir, path) = file("a.jsonl.gz", &gzip(&jsonl_articles("x", 3)));
        let from_file = read_file(&path, &ReadOptions::default()).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let from_bytes = read_bytes("a.jsonl.gz", &bytes, &ReadOptions::default()).unwrap();
        assert_eq!(from_file, from_bytes);
    }
}
