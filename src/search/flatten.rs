//! One union of terms where tantivy's parser builds a union of unions.
//!
//! The parser turns each plain word into its own `BooleanQuery` over the searched fields (`text`,
//! and `text_exact` boosted), so a query of several words is a union of unions. tantivy 0.27 runs
//! block-max WAND (skipping whole blocks of postings that cannot reach the page) only on a union
//! whose every clause is a term query (`BooleanWeight::for_each_pruning`: a nested union is
//! scored match by match). A union of unions of `SHOULD` clauses scores the sum of sums, which is
//! the sum of the one flat union of all their clauses: [`flatten`] builds that, with the same
//! matches and the same scores.

use tantivy::query::{BooleanQuery, Occur, Query};

/// The most clauses a flattened union may have. WAND pays per clause at every pivot, and a plain
/// union scores dense matches in buffered blocks: on ARCD's questions over 100,000 synthetic
/// articles (10 hits, batch timings) the flat union was 0.70–0.89× the nested one's time for
/// queries of 2–9 words and 1.1–1.5× for 11–14 words (each word is two clauses, the stemmed and
/// the exact form, or more with spelling variants).
pub const MAX_FLAT_CLAUSES: usize = 16;

/// `query` with every nested union of `SHOULD` clauses pulled up into one union, when `query` is
/// itself such a union and that union has at most [`MAX_FLAT_CLAUSES`] clauses; any other query
/// is returned as it is.
pub fn flatten(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(union) = query.downcast_ref::<BooleanQuery>().filter(|b| is_union(b)) else {
        return query;
    };
    let mut clauses = Vec::new();
    pull_up(union, &mut clauses);
    if clauses.len() > MAX_FLAT_CLAUSES {
        return query;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// A `BooleanQuery` that matches what any of its clauses matches and scores their sum: only
/// `SHOULD` clauses, one of which is enough.
fn is_union(query: &BooleanQuery) -> bool {
    query.get_minimum_number_should_match() <= 1
        && !query.clauses().is_empty()
        && query
            .clauses()
            .iter()
            .all(|(occur, _)| *occur == Occur::Should)
}

fn pull_up(union: &BooleanQuery, out: &mut Vec<(Occur, Box<dyn Query>)>) {
    for (_, clause) in union.clauses() {
        match clause.downcast_ref::<BooleanQuery>() {
            Some(inner) if is_union(inner) => pull_up(inner, out),
            _ => out.push((Occur::Should, clause.box_clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    #[test]
    fn a_union_of_unions_becomes_one_union_with_the_same_scores() {
        let mut builder = Schema::builder();
        let (a, b) = (
            builder.add_text_field("a", TEXT),
            builder.add_text_field("b", TEXT),
        );
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..30 {
            let words = ["x", "y", "z"];
            writer
                .add_document(doc!(a => format!("{} ", words[i % 3]).repeat(1 + i % 4), b => words[(i + 1) % 3]))
                .unwrap();
        }
        writer.commit().unwrap();
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            ))
        };
        let word = |text: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(a, text)),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(term(b, text), 0.35)),
                ),
            ]))
        };
        let nested: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Should, word("x")),
            (Occur::Should, word("y")),
        ]));
        let flat = flatten(nested.box_clone());
        let debug = format!("{flat:?}");
        assert_eq!(debug.matches("BooleanQuery").count(), 1, "{debug}");
        assert_eq!(debug.matches("TermQuery").count(), 4, "{debug}");
        let searcher = index.reader().unwrap().searcher();
        let top = |q: &dyn Query| {
            searcher
                .search(q, &TopDocs::with_limit(30).order_by_score())
                .unwrap()
        };
        let (before, after) = (top(&*nested), top(&*flat));
        // x or y in either field: 20 of the 30 documents by `a`, and the rest by `b` but z's.
        assert!(before.len() >= 20, "{before:?}");
        assert_eq!(before.len(), after.len());
        for ((s1, d1), (s2, d2)) in before.iter().zip(&after) {
            assert_eq!(d1, d2);
            assert!((s1 - s2).abs() < 1e-5, "{s1} vs {s2}");
        }
        // A union with a required clause is not a plain union: left alone.
        let required: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, word("x")),
            (Occur::Should, word("y")),
        ]));
        let kept = format!("{:?}", flatten(required.box_clone()));
        assert_eq!(kept, format!("{required:?}"));
        // Past MAX_FLAT_CLAUSES the nested union stays: WAND costs more there than it saves.
        let words = ["x", "y", "z"]
            .iter()
            .cycle()
            .take(MAX_FLAT_CLAUSES / 2 + 1);
        let long: Box<dyn Query> = Box::new(BooleanQuery::new(
            words.map(|w| (Occur::Should, word(w))).collect(),
        ));
        assert_eq!(
            format!("{:?}", flatten(long.box_clone())),
            format!("{long:?}")
        );
    }
}
