//! Applying a new alias file to an index without its archive: every document is rebuilt from what
//! the index stores (title, body, tags as written, date, source, url, path, id, and the `file` and
//! `file_sig` fast fields) with the new aliases, then the file is stored beside the index, exactly as
//! `fihris index --aliases FILE` leaves it. The server's tag review saves through this, because the
//! server may not have the archive (articles pushed over the API have none).

use std::collections::HashMap;
use std::path::Path;

use tantivy::schema::Value;
use tantivy::{DocId, IndexWriter, SegmentReader, TantivyDocument};

use super::{document, store_aliases, writer_error, IndexError};
use crate::schema::{Fields, TextWeights};
use crate::store::{Store, WriteLock};
use crate::tags::Aliases;

/// What re-applying aliases did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Realiased {
    /// Documents rewritten (every live document).
    pub articles: u64,
    /// Of those, documents whose tags changed.
    pub changed: u64,
}

/// Applies `aliases_text` (an alias file; `None` removes the stored one) to every document of the
/// index at `index_dir`, commits, then stores the file. Takes the index's [`WriteLock`]; an invalid
/// file is an error before anything is written.
pub fn reapply_aliases(
    index_dir: &Path,
    aliases_text: Option<&str>,
    memory_bytes: usize,
) -> Result<Realiased, IndexError> {
    let aliases = match aliases_text {
        Some(text) => Some(Aliases::parse(text).map_err(|source| IndexError::Aliases {
            path: index_dir.join(crate::store::ALIASES),
            source,
        })?),
        None => None,
    };
    let _lock = WriteLock::try_acquire(index_dir)?;
    let store = Store::open(index_dir)?;
    let searcher = store.reader()?.searcher();
    let mut writer: IndexWriter = store
        .index
        .writer_with_num_threads(1, memory_bytes)
        .map_err(|e| writer_error(index_dir, e))?;
    crate::store::configure_writer(&writer);
    let f = store.fields;
    let weights = store.text_weights;
    let mut done = Realiased::default();
    for segment in searcher.segment_readers() {
        let docs = segment
            .get_store_reader(64)
            .map_err(|e| IndexError::Tantivy(e.into()))?;
        let origins = Origins::of(segment, &f)?;
        for doc_id in segment.doc_ids_alive() {
            let stored: TantivyDocument = docs.get(doc_id)?;
            let (file, sig) = origins.get(doc_id);
            let (doc, changed) = rebuild(&f, weights, &stored, file, sig, aliases.as_ref());
            let id = first_text(&stored, f.id);
            super::upsert(&writer, &f, id, doc)?;
            done.articles += 1;
            done.changed += u64::from(changed);
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    // Only once every article carries the new aliases, as `fihris index` does.
    store_aliases(&store, &aliases_text.map(str::to_string))?;
    Ok(done)
}

/// The `file` and `file_sig` fast fields of one segment.
struct Origins {
    files: HashMap<u64, String>,
    ords: Option<tantivy::columnar::StrColumn>,
    sigs: tantivy::columnar::Column<u64>,
}

impl Origins {
    fn of(segment: &SegmentReader, f: &Fields) -> tantivy::Result<Origins> {
        let schema = segment.schema();
        let fast = segment.fast_fields();
        let ords = fast.str(schema.get_field_name(f.file))?;
        let sigs = fast.u64(schema.get_field_name(f.file_sig))?;
        // The dictionary streamed once, in order: a look-up per document would decompress a
        // dictionary block per document.
        let mut files = HashMap::new();
        if let Some(column) = &ords {
            let mut terms = column.dictionary().stream()?;
            let mut ord = 0u64;
            while terms.advance() {
                files.insert(ord, String::from_utf8_lossy(terms.key()).into_owned());
                ord += 1;
            }
        }
        Ok(Origins { files, ords, sigs })
    }

    fn get(&self, doc: DocId) -> (&str, u64) {
        let file = self
            .ords
            .as_ref()
            .and_then(|c| c.ords().first(doc))
            .and_then(|ord| self.files.get(&ord))
            .map_or("", String::as_str);
        (file, self.sigs.first(doc).unwrap_or(0))
    }
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> &str {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
}

/// The document of `stored` with its tags worked out again from the tags as written; whether the
/// indexed tags changed.
fn rebuild(
    f: &Fields,
    weights: TextWeights,
    stored: &TantivyDocument,
    file: &str,
    file_sig: u64,
    aliases: Option<&Aliases>,
) -> (TantivyDocument, bool) {
    let texts = |field| -> Vec<String> {
        stored
            .get_all(field)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let raw = texts(f.tag_raw);
    let tags = document::index_tags(&raw, aliases);
    let before = texts(f.tag);
    let changed = before.len() != tags.distinct.len()
        || before.iter().zip(&tags.distinct).any(|(a, (_, b))| a != b);
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, first_text(stored, f.id));
    doc.add_text(f.file, file);
    doc.add_u64(f.file_sig, file_sig);
    doc.add_text(f.path, first_text(stored, f.path));
    document::add_searchable_text(
        &mut doc,
        f,
        weights,
        first_text(stored, f.title),
        tags.distinct.iter().map(|(_, display)| display.as_str()),
        first_text(stored, f.body),
    );
    for (key, display) in &tags.distinct {
        doc.add_text(f.tag, display);
        doc.add_facet(
            f.tag_facet,
            tantivy::schema::Facet::from_path([key.as_str(), display.as_str()]),
        );
    }
    for tag in &raw {
        doc.add_text(f.tag_raw, tag);
    }
    if let Some(date) = stored.get_first(f.date).and_then(|v| v.as_datetime()) {
        doc.add_date(f.date, date);
    }
    for (field, value) in [
        (f.source, stored.get_first(f.source)),
        (f.url, stored.get_first(f.url)),
    ] {
        if let Some(text) = value.and_then(|v| v.as_str()) {
            doc.add_text(field, text);
        }
    }
    (doc, changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::{run, IndexOptions, NoProgress};
    use crate::search::{Engine, SearchRequest};

    fn options(archive: &Path, index: &Path) -> IndexOptions {
        IndexOptions {
            memory_bytes: 15_000_000,
            ..IndexOptions::new(vec![archive.to_path_buf()], index.to_path_buf())
        }
    }

    #[test]
    fn reapplying_aliases_from_stored_fields_merges_facets_and_keeps_everything_else() {
        let tmp = tempfile::tempdir().unwrap();
        let archive = tmp.path().join("archive");
        std::fs::create_dir(&archive).unwrap();
        std::fs::write(archive.join("a.txt"), "ترمب يزور\n\n- ترمب\n\nنص أول.\n").unwrap();
        std::fs::write(archive.join("b.txt"), "ترامب يغادر\n\n- ترامب\n\nنص ثان.\n").unwrap();
        let index = tmp.path().join("index");
        run(&options(&archive, &index), &NoProgress).unwrap();
        let engine = Engine::open(Store::open(&index).unwrap()).unwrap();
        let before = engine.article("a.txt").unwrap().unwrap();

        let text = "ترامب\tترمب\n";
        let done = reapply_aliases(&index, Some(text), 15_000_000).unwrap();
        assert_eq!(
            done,
            Realiased {
                articles: 2,
                changed: 1
            }
        );
        engine.reload().unwrap();
        engine.reload_aliases();
        let all = engine
            .search(&SearchRequest {
                facets: 10,
                ..SearchRequest::default()
            })
            .unwrap();
        assert_eq!(all.facets.len(), 1, "{:?}", all.facets);
        assert_eq!(
            (all.facets[0].tag.as_str(), all.facets[0].count),
            ("ترمب", 2)
        );
        // A filter on the variant finds the canonical tag.
        let variant = SearchRequest {
            all_tags: vec!["ترامب".into()],
            ..SearchRequest::default()
        };
        assert_eq!(engine.search(&variant).unwrap().total, 2);
        // Everything but the tags is as it was, and the file stays known: a rerun reads nothing.
        let after = engine.article("a.txt").unwrap().unwrap();
        assert_eq!(
            StoredArticleParts::of(&before),
            StoredArticleParts::of(&after)
        );
        assert_eq!(
            std::fs::read_to_string(index.join(crate::store::ALIASES)).unwrap(),
            text
        );
        let rerun = run(&options(&archive, &index), &NoProgress).unwrap();
        assert_eq!((rerun.files_read, rerun.files_unchanged), (0, 2));
    }

    #[derive(Debug, PartialEq)]
    struct StoredArticleParts(String, Vec<String>, Vec<String>, Option<String>, String);

    impl StoredArticleParts {
        fn of(a: &crate::search::StoredArticle) -> Self {
            StoredArticleParts(
                a.title.clone(),
                a.paragraphs.clone(),
                a.tags_as_written.clone(),
                a.date.clone(),
                a.path.clone(),
            )
        }
    }
}
