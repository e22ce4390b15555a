//! How files are read: the text encoding, explicit JSON field keys and the size limit, with the
//! parsers for the `--encoding` and `--field NAME=KEY` flag values.

use std::fmt;
use std::str::FromStr;

/// How text files are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 when the bytes are valid UTF-8, else Windows-1256 when they decode to Arabic text,
    /// else the file is reported as undecodable.
    #[default]
    Auto,
    /// UTF-8 only.
    Utf8,
    /// Windows-1256 only.
    Windows1256,
}

impl FromStr for Encoding {
    type Err = OptionError;

    /// Parses the `--encoding` value: `auto`, `utf-8` (`utf8`), `windows-1256` (`cp1256`),
    /// case-insensitive.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1256" | "windows1256" | "cp1256" | "cp-1256" => Ok(Encoding::Windows1256),
            _ => Err(OptionError(format!(
                "unknown encoding {name:?}: use auto, utf-8 or windows-1256"
            ))),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1256 => "windows-1256",
        })
    }
}

/// The article fields that can be mapped to a JSON key with `--field NAME=KEY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleField {
    /// `id`
    Id,
    /// `title`
    Title,
    /// `body`
    Body,
    /// `tags`
    Tags,
    /// `date`
    Date,
    /// `source`
    Source,
    /// `url`
    Url,
}

impl ArticleField {
    /// Every field, in the order of [`ArticleField::name`]'s documentation.
    pub const ALL: [ArticleField; 7] = [
        ArticleField::Id,
        ArticleField::Title,
        ArticleField::Body,
        ArticleField::Tags,
        ArticleField::Date,
        ArticleField::Source,
        ArticleField::Url,
    ];

    /// The field's name as written in `--field NAME=KEY`: `id`, `title`, `body`, `tags`, `date`,
    /// `source`, `url`.
    pub fn name(self) -> &'static str {
        match self {
            ArticleField::Id => "id",
            ArticleField::Title => "title",
            ArticleField::Body => "body",
            ArticleField::Tags => "tags",
            ArticleField::Date => "date",
            ArticleField::Source => "source",
            ArticleField::Url => "url",
        }
    }
}

impl FromStr for ArticleField {
    type Err = OptionError;

    /// Parses a field name (case-insensitive).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wanted = name.trim().to_ascii_lowercase();
        ArticleField::ALL
            .into_iter()
            .find(|field| field.name() == wanted)
            .ok_or_else(|| {
                OptionError(format!(
                    "unknown article field {name:?}: use id, title, body, tags, date, source or url"
                ))
            })
    }
}

/// Parses one `--field NAME=KEY` value, e.g. `body=content` → `(Body, "content")`. The key may be
/// a dotted path into nested objects (`source.name`).
pub fn parse_field_spec(spec: &str) -> Result<(ArticleField, String), OptionError> {
    let (name, key) = spec
        .split_once('=')
        .ok_or_else(|| OptionError(format!("--field {spec:?}: expected NAME=KEY")))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(OptionError(format!(
            "--field {spec:?}: the JSON key is empty"
        )));
    }
    Ok((name.parse()?, key.to_owned()))
}

/// A bad `--encoding` or `--field` value; the text says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OptionError(pub String);

/// Options for reading files, with the budgets that keep memory and time bounded whatever a file
/// holds.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// How text is decoded.
    pub encoding: Encoding,
    /// Explicit JSON keys for fields (`--field body=content`), tried before the usual names.
    pub field_keys: Vec<(ArticleField, String)>,
    /// The largest whole-document file (`.txt`, `.json`) read into memory, after decompression
    /// for `.gz` files and zip members; larger ones are skipped. JSON Lines are streamed one
    /// record at a time and are not held to it (see `max_record_bytes`).
    pub max_file_bytes: u64,
    /// The largest JSON Lines record (one line); a longer line is a problem and the next ones
    /// are still read.
    pub max_record_bytes: u64,
    /// The most bytes one `.gz` file or zip archive may decompress to, all members together;
    /// the members past it are reported, not read. It bounds the time a decompression bomb
    /// costs; memory is bounded by the other limits, since members are read one at a time.
    pub max_archive_bytes: u64,
    /// The highest decompressed-to-compressed ratio a `.gz` file or zip member may reach, once
    /// past its first MiB: text compresses about 3–10:1, a decompression bomb 1000:1. 0 turns
    /// the check off.
    pub max_compression_ratio: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: Encoding::Auto,
            field_keys: Vec::new(),
            max_file_bytes: 256 * 1024 * 1024,
            max_record_bytes: 16 * 1024 * 1024,
            max_archive_bytes: 16 * 1024 * 1024 * 1024,
            max_compression_ratio: 100,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_names_parse_and_round_trip() {
        assert_eq!("AUTO".parse::<Encoding>(), Ok(Encoding::Auto));
        assert_eq!("utf8".parse::<Encoding>(), Ok(Encoding::Utf8));
        assert_eq!("cp1256".parse::<Encoding>(), Ok(Encoding::Windows1256));
        for encoding in [Encoding::Auto, Encoding::Utf8, Encoding::Windows1256] {
            assert_eq!(encoding.to_string().parse::<Encoding>(), Ok(encoding));
        }
        assert!("latin1".parse::<Encoding>().is_err());
    }

    #[test]
    fn field_specs_parse() {
        assert_eq!(
            parse_field_spec("body=content"),
            Ok((ArticleField::Body, "content".to_owned()))
        );
        assert_eq!(
            parse_field_spec("Source = source.name"),
            Ok((ArticleField::Source, "source.name".to_owned()))
        );
        for field in ArticleField::ALL {
            assert_eq!(field.name().parse::<ArticleField>(), Ok(field));
        }
        assert!(parse_field_spec("body").is_err());
        assert!(parse_field_spec("body=").is_err());
        assert!(parse_field_spec("author=by").is_err());
    }
}
