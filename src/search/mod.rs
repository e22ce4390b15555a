//! Search: Arabic-aware queries over the articles' combined text, tag filters, facet counts and
//! snippets.
//!
//! A query's words are matched in `text` (title, tags and body, stemmed, `arabic`; the title and
//! tags weighted inside the field: BM25F, see [`crate::schema`]) and `text_exact` (the same text
//! normalized, not stemmed, `arabic_exact`), whose score is added with the weight
//! [`Ranking::exact`]: a word written the way the article writes it matches in both, so it outranks
//! a match on the stem alone, and a title writing it outranks a body sharing only the stem. The
//! ranking's parameters were chosen on eight retrieval settings (docs/retrieval.md).

pub mod count;
pub mod disjunctive;
pub mod facets;
pub mod flatten;
pub mod highlight;
pub mod query;
mod request;
pub mod response;
pub mod stored;
mod suggest;
pub mod vocabulary;

pub use count::{TotalRelation, TrackTotalHits, DEFAULT_TRACK_TOTAL_HITS};
pub use request::{SearchRequest, Sort, MAX_LIMIT, MAX_RESULT_WINDOW};
pub use response::{SearchFacets, SearchResponse};
pub use stored::{StoredArticle, TagCount};

use std::ops::Bound;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, QueryParser,
    QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, IndexReader, Order, Searcher, TantivyDocument, Term};
use utoipa::ToSchema;

use crate::analysis;
use crate::dates::{parse_date, parse_filter_date};
use crate::store::{Store, StoreError};
use crate::tags::{tag_key, Aliases};

/// How a query's matches are scored: BM25 over the combined stemmed text (title, tags and body,
/// weighted inside the field: [`crate::schema::TextWeights`]), plus the same over the exact-form
/// text, plus a proximity bonus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Weight of the exact-form text against the stemmed one (0 turns the exact-form bonus off).
    pub exact: f32,
    /// Weight of the proximity bonus: each pair of consecutive query words found within `slop`
    /// words of each other scores as a sloppy phrase (0 turns it off).
    pub proximity: f32,
    /// How far apart two consecutive query words may be for the proximity bonus, in words.
    pub slop: u32,
    /// Search question words (ما، متى، كيف…) like any other word instead of dropping them.
    pub keep_question_words: bool,
}

impl Default for Ranking {
    fn default() -> Self {
        // Chosen on ARCD and KaifLematha-dev, alone and among the ANT articles, with and without
        // titles, by the smallest gain over Lucene's ArabicAnalyzer across those eight settings
        // (bench/retrieval.sh, docs/retrieval.md).
        // The exact-form weight is 0.35 since `text_exact` scores presence (schema v3): the largest
        // smallest gain among the weights 0.25–1 (+0.010; 0.5: +0.009).
        // The proximity bonus is off: at 0.5 it raises the smallest gain by 0.001 (less than one
        // question's rank) and helps inside the archive (+0.005 to +0.009) but costs 0.005 on ARCD
        // without titles and 44% of the median query time (docs/retrieval.md).
        Ranking {
            exact: 0.35,
            proximity: 0.0,
            slop: 4,
            keep_question_words: false,
        }
    }
}

impl Ranking {
    /// Parses `exact=W,proximity=W,slop=N` (any subset, in any order) over the defaults.
    pub fn parse(text: &str) -> Result<Ranking, String> {
        let mut ranking = Ranking::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected KEY=VALUE"))?;
            let number = |v: &str| {
                v.trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|n| n.is_finite() && *n >= 0.0)
                    .ok_or_else(|| format!("{key}: {v:?} is not a number of 0 or more"))
            };
            match key.trim() {
                "exact" => ranking.exact = number(value)?,
                "proximity" => ranking.proximity = number(value)?,
                "slop" => {
                    ranking.slop = value
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n <= 64)
                        .ok_or_else(|| format!("slop: {value:?} is not a whole number 0..=64"))?
                }
                other => {
                    return Err(format!(
                        "unknown key {other:?}; the keys are exact, proximity, slop"
                    ))
                }
            }
        }
        Ok(ranking)
    }
}

/// One hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Score (0 when sorted by date).
    pub score: f32,
    /// Title as written.
    pub title: String,
    /// Publication date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// Tags as displayed.
    pub tags: Vec<String>,
    /// Path of the source (and place in the file).
    pub path: String,
    /// A passage of the body around the matched words.
    pub snippet: String,
    /// Byte ranges of the matched words in `snippet`.
    #[schema(value_type = Vec<Vec<usize>>)]
    pub highlights: Vec<[usize; 2]>,
}

/// A facet count.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct FacetCount {
    /// The tag as displayed.
    pub tag: String,
    /// Matching articles with that tag.
    pub count: u64,
}

/// A tag filter value that names no tag in the index.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct UnknownTag {
    /// As typed.
    pub tag: String,
    /// The closest existing tags.
    pub suggestions: Vec<String>,
}

/// A search with fewer matches than this gets a "did you mean" when a better query exists.
pub const DID_YOU_MEAN_BELOW: usize = 3;

/// A query of more words than this gets no "did you mean" (names and keywords are short).
pub const DID_YOU_MEAN_MAX_WORDS: usize = 8;

/// Words longer than this are not looked up for "did you mean" (no name is).
pub const DID_YOU_MEAN_MAX_WORD_CHARS: usize = 30;

/// What a search found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// A query that finds more, when this one found little (fewer than [`DID_YOU_MEAN_BELOW`]).
    pub did_you_mean: Option<String>,
    /// Matching articles (all of them, not only this page): exact, or a lower bound when
    /// `total_relation` is `Gte` ([`TrackTotalHits`]).
    pub total: usize,
    /// Whether `total` is exact.
    pub total_relation: TotalRelation,
    /// Time taken, milliseconds.
    pub took_ms: f64,
    /// This page of hits.
    pub hits: Vec<Hit>,
    /// Tag facet counts over all matching articles, or over the first `track_total_hits` in index
    /// order when `facets_sampled`.
    pub facets: Vec<FacetCount>,
    /// Whether the facets were counted over the first matches only (more matches than the count
    /// bound), not over every match.
    pub facets_sampled: bool,
    /// Tag filters that match no tag.
    pub unknown_tags: Vec<UnknownTag>,
    /// Parts of the query that could not be parsed and were searched as plain words.
    pub warnings: Vec<String>,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A request field is out of bounds or malformed ([`SearchRequest::validate`]).
    #[error("invalid {field}: {message}")]
    InvalidRequest {
        /// The field as [`SearchRequest`] names it: `query`, `limit`, `offset`, `since`, `until`.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// tantivy failed.
    #[error("search error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// An open index ready to answer many searches (one reader, one query parser).
pub struct Engine {
    store: Store,
    reader: IndexReader,
    parser: QueryParser,
    /// The same fields and weights with the index-side analyzers (question words kept): the fallback
    /// when dropping question words leaves a query with nothing to search (`من هو`).
    parser_as_typed: QueryParser,
    ranking: Ranking,
    /// Behind a lock so a server can swap in a newly saved alias file ([`Engine::reload_aliases`]).
    aliases: std::sync::RwLock<Option<Aliases>>,
    /// The spelling variants of `variants.json`, read again when the file changes.
    variants: crate::variants::persist::Loaded,
    facet_cache: Arc<facets::FacetCache>,
}

impl Engine {
    /// Opens the index at `store` with the default ranking.
    pub fn open(store: Store) -> Result<Engine, SearchError> {
        Self::with_ranking(store, Ranking::default())
    }

    /// Opens the index with `ranking`.
    pub fn with_ranking(store: Store, ranking: Ranking) -> Result<Engine, SearchError> {
        // An index object of its own: its analyzers are about to become the query-side ones, which
        // must never reach a writer opened on the caller's `store`.
        let store = Store::open(&store.dir)?;
        let f = store.fields;
        let mut fields = vec![f.text];
        if ranking.exact > 0.0 {
            fields.push(f.text_exact);
        }
        // Built before the query-side analyzers replace the index's: a tokenizer manager of its own
        // (the index's is shared by every parser cloned from it).
        let as_typed = tantivy::tokenizer::TokenizerManager::default();
        analysis::register_all(&as_typed);
        let mut parser_as_typed = QueryParser::new(store.index.schema(), fields.clone(), as_typed);
        // This engine's index object only searches: its text analyzers become the query-side ones
        // (question words dropped), as Elasticsearch's `search_analyzer` does.
        if !ranking.keep_question_words {
            let schema = store.index.schema();
            for field in [f.title, f.text, f.text_exact, f.tag] {
                if let Some(name) = text_analyzer_of(&schema, field) {
                    if let Some(analyzer) = analysis::build_for_queries(&name) {
                        store.index.tokenizers().register(&name, analyzer);
                    }
                }
            }
        }
        let mut parser = QueryParser::for_index(&store.index, fields);
        for p in [&mut parser, &mut parser_as_typed] {
            p.set_field_boost(f.text, 1.0);
            p.set_field_boost(f.text_exact, ranking.exact);
        }
        let aliases = std::sync::RwLock::new(read_aliases(&store));
        let variants = crate::variants::persist::Loaded::new(&store.dir);
        let reader = store.reader()?;
        Ok(Engine {
            store,
            reader,
            parser,
            parser_as_typed,
            ranking,
            aliases,
            variants,
            facet_cache: Arc::default(),
        })
    }

    /// The searcher of the latest commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The index.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The facet key a typed tag filters on: aliases first, then normalization.
    pub fn tag_key(&self, typed: &str) -> String {
        let aliases = self
            .aliases
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let canonical = aliases.as_ref().and_then(|a| a.canonical(typed));
        tag_key(canonical.unwrap_or(typed))
    }

    /// Reads the index's alias file again: after a writer stored a new one (the server's tag
    /// review), filters on a variant find the canonical tag.
    pub fn reload_aliases(&self) {
        let fresh = read_aliases(&self.store);
        *self
            .aliases
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
    }

    /// Parses the user's query leniently: what cannot be parsed is searched as words, with a warning.
    /// Question words are dropped unless nothing else is left to search; a query with nothing to
    /// search (only punctuation) matches nothing, never everything, and so does a query out of
    /// bounds ([`query::check_bounds`]: an unbounded one could overflow the parser's stack).
    pub fn parse_query(&self, text: &str) -> (Box<dyn Query>, Vec<String>) {
        self.parse_query_with(text, true)
    }

    /// [`Engine::parse_query`], each plain word also matching its spelling variants (weighted
    /// [`crate::variants::expand::VARIANT_BOOST`]) when `variants` is true.
    pub fn parse_query_with(&self, text: &str, variants: bool) -> (Box<dyn Query>, Vec<String>) {
        if text.trim().is_empty() {
            return (Box::new(AllQuery), Vec::new());
        }
        // Checked again for callers that skip `validate`: an unbounded query is never parsed.
        if let Err(message) = query::check_bounds(text) {
            return (
                Box::new(EmptyQuery),
                vec![format!("query not searched: {message}")],
            );
        }
        let mut prepared = query::prepare(text);
        if variants {
            let (found, error) = self.variants.current();
            prepared.warnings.extend(error);
            let (ast, _) = crate::variants::expand::expand(
                prepared.ast,
                &found,
                crate::variants::expand::VARIANT_BOOST,
            );
            prepared.ast = ast;
        }
        let build = |parser: &QueryParser| {
            let (query, errors) =
                parser.build_query_from_user_input_ast_lenient(prepared.ast.clone());
            let has_terms = has_terms(&*query);
            (query, errors, has_terms)
        };
        let (mut query, mut errors, mut searchable) = build(&self.parser);
        if !searchable {
            (query, errors, searchable) = build(&self.parser_as_typed);
        }
        let query = flatten::flatten(query);
        let mut warnings = prepared.warnings;
        if !searchable && !prepared.has_non_literals {
            warnings.push("the query has no words to search: nothing matches".to_string());
            return (Box::new(EmptyQuery), warnings);
        }
        warnings.extend(errors.iter().map(|e| match e {
            QueryParserError::AllButQueryForbidden => {
                "only excluded words: searched every article without them".to_string()
            }
            other => format!("{other}; searched the rest as plain words"),
        }));
        let proximity = self.proximity_bonus(&prepared.ast);
        if proximity.is_empty() || !searchable {
            return (query, warnings);
        }
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(proximity.into_iter().map(|q| (Occur::Should, q)));
        (Box::new(BooleanQuery::new(clauses)), warnings)
    }

    /// The most word pairs one query gets a proximity bonus for: a pasted paragraph must not become
    /// hundreds of phrase queries.
    const MAX_PROXIMITY_PAIRS: usize = 12;

    /// For each pair of consecutive plain words of the query (in their stemmed form), a sloppy
    /// phrase on the combined text weighted by [`Ranking::proximity`]: articles where the words
    /// stand close together score above those that merely contain them. Nothing when the weight is 0.
    fn proximity_bonus(&self, ast: &tantivy::query_grammar::UserInputAst) -> Vec<Box<dyn Query>> {
        if self.ranking.proximity <= 0.0 {
            return Vec::new();
        }
        let field = self.store.fields.text;
        let Ok(mut analyzer) = self.store.index.tokenizer_for_field(field) else {
            return Vec::new();
        };
        let mut bonus: Vec<Box<dyn Query>> = Vec::new();
        for run in query::plain_word_runs(ast) {
            // The run's terms as the field indexes them; a word the analyzer drops (a question
            // word) leaves its neighbours paired.
            let mut terms = Vec::new();
            let words = run.join(" ");
            let mut stream = analyzer.token_stream(&words);
            while stream.advance() {
                terms.push(Term::from_field_text(field, &stream.token().text));
            }
            for pair in terms.windows(2) {
                if bonus.len() == Self::MAX_PROXIMITY_PAIRS {
                    return bonus;
                }
                if pair[0] == pair[1] {
                    continue;
                }
                let mut phrase = PhraseQuery::new(pair.to_vec());
                phrase.set_slop(self.ranking.slop);
                bonus.push(Box::new(BoostQuery::new(
                    Box::new(phrase),
                    self.ranking.proximity,
                )));
            }
        }
        bonus
    }

    /// Runs `request`.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        request.validate()?;
        let searcher = self.searcher();
        let (text_query, mut warnings) = self.parse_query_with(&request.query, request.variants);
        let (query, unknown_tags) = self.filtered(&searcher, text_query.box_clone(), request)?;
        warnings.extend(date_warning(request));

        // The top-N collector reserves room for `offset + limit` hits before it sees one: never
        // more than the index holds. TopDocs needs a limit of at least 1; `--limit 0` asks for the
        // total and facets only.
        let max_hits = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let offset = request.offset.min(max_hits);
        let limit = request.limit.min(max_hits - offset).max(1);
        let page = TopDocs::with_limit(limit).and_offset(offset);
        let sort = match request.sort {
            Sort::Relevance if request.query.trim().is_empty() => Sort::Newest,
            other => other,
        };
        let facet_field = searcher
            .schema()
            .get_field_name(self.store.fields.tag_facet)
            .to_string();
        let segments: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.segment_id())
            .collect();
        self.facet_cache.retain_segments(&segments);
        let facet_collector = (request.facets > 0)
            .then(|| facets::TagFacetCollector::new(facet_field, Arc::clone(&self.facet_cache)));

        let mut relation = TotalRelation::Eq;
        let mut facets_sampled = false;
        let (mut docs, total, facet_counts): (Vec<(f32, DocAddress)>, usize, _) = match sort {
            Sort::Relevance => match request.track_total_hits {
                TrackTotalHits::Exact => {
                    searcher.search(&query, &(page.order_by_score(), Count, facet_collector))?
                }
                TrackTotalHits::UpTo(bound) => {
                    // One pass, no multi-collector (which would visit every match): the page,
                    // the count up to `bound` and the facets of the matches counted (count.rs).
                    let window = request.offset.saturating_add(request.limit).min(max_hits);
                    let top = count::collect_top(
                        &searcher,
                        &query,
                        window,
                        bound,
                        facet_collector.as_ref(),
                    )?;
                    relation = top.relation;
                    facets_sampled = top.facets.is_some() && relation == TotalRelation::Gte;
                    let docs = top.docs.into_iter().skip(offset).take(limit).collect();
                    (docs, top.total, top.facets)
                }
            },
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let by_date = page.order_by_fast_field::<DateTime>("date", order);
                let (d, t, f) = searcher.search(&query, &(by_date, Count, facet_collector))?;
                let docs = d.into_iter().map(|(_, addr)| (0.0, addr)).collect();
                (docs, t, f)
            }
        };
        docs.truncate(request.limit);

        let facets = facet_counts
            .map(|counts| {
                self.facet_cache
                    .top(&counts, request.facets)
                    .into_iter()
                    .map(|(_, tag, count)| FacetCount { tag, count })
                    .collect()
            })
            .unwrap_or_default();

        let snippets = if request.snippets {
            // The query's terms on the combined text, found in the stored body (which the text
            // field's analyzer tokenizes as it was indexed).
            let mut generator =
                SnippetGenerator::create(&searcher, &*text_query, self.store.fields.text)?;
            generator.set_max_num_chars(200);
            Some(generator)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address) in docs {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, snippets.as_ref()));
        }
        // A total that is only a bound ("more than 0" with `track_total_hits: false`) says
        // nothing about how few articles match: no suggestion, and no automaton run for one.
        let few = relation == TotalRelation::Eq && total < DID_YOU_MEAN_BELOW;
        let did_you_mean = if few && !request.query.trim().is_empty() {
            self.did_you_mean(&searcher, request, total)?
        } else {
            None
        };
        Ok(SearchResults {
            query: request.query.clone(),
            did_you_mean,
            total,
            total_relation: relation,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            hits,
            facets,
            facets_sampled,
            unknown_tags,
            warnings,
        })
    }

    /// "Did you mean": `request`'s query with each plain word replaced by its most frequent
    /// spelling variant, or by a much more frequent word one or two edits away
    /// ([`crate::variants::expand::suggestion_for`]), when that query finds more than `total`.
    fn did_you_mean(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        total: usize,
    ) -> Result<Option<String>, SearchError> {
        // Bounded: each word costs a Levenshtein automaton run over the term dictionary, so a
        // long query of unmatched words would cost seconds for a suggestion nobody reads.
        let tokens: Vec<&str> = request.query.split_whitespace().collect();
        if tokens.len() > DID_YOU_MEAN_MAX_WORDS || query::check_bounds(&request.query).is_err() {
            return Ok(None);
        }
        let (variants, _) = self.variants.current();
        let field = self.store.fields.text_exact;
        let mut changed = false;
        let mut words = Vec::new();
        for token in tokens {
            let plain = token.chars().all(char::is_alphabetic)
                && (3..=DID_YOU_MEAN_MAX_WORD_CHARS).contains(&token.chars().count());
            let replacement = if plain {
                let normalized = fihris_analyzers::normalize(token);
                let df = suggest::doc_freq(searcher, field, &normalized)?;
                let near = if variants.group(&normalized).is_some() {
                    Vec::new()
                } else {
                    suggest::near_words(searcher, field, &normalized)?
                };
                crate::variants::expand::suggestion_for(&variants, token, df, &near)
            } else {
                None
            };
            match replacement {
                Some(word) => {
                    changed = true;
                    words.push(word);
                }
                None => words.push(token.to_string()),
            }
        }
        if !changed {
            return Ok(None);
        }
        let suggestion = words.join(" ");
        let (query, _) = self.parse_query_with(&suggestion, request.variants);
        let (query, _) = self.filtered(searcher, query, request)?;
        let found = searcher.search(&query, &Count)?;
        Ok((found > total).then_some(suggestion))
    }

    /// Wraps `query` with the tag and date filters of `request`.
    fn filtered(
        &self,
        searcher: &Searcher,
        query: Box<dyn Query>,
        request: &SearchRequest,
    ) -> Result<(Box<dyn Query>, Vec<UnknownTag>), SearchError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        let mut unknown = Vec::new();
        let tag_query =
            |typed: &str, unknown: &mut Vec<UnknownTag>| -> Result<Box<dyn Query>, SearchError> {
                let key = self.tag_key(typed);
                let term = Term::from_facet(
                    self.store.fields.tag_facet,
                    &Facet::from_path([key.as_str()]),
                );
                if searcher.doc_freq(&term)? == 0 {
                    unknown.push(UnknownTag {
                        tag: typed.to_string(),
                        suggestions: self.suggest_tags(searcher, &key, 3)?,
                    });
                }
                Ok(Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
            };
        for tag in &request.all_tags {
            clauses.push((Occur::Must, tag_query(tag, &mut unknown)?));
        }
        if !request.any_tags.is_empty() {
            let mut any = Vec::new();
            for tag in &request.any_tags {
                any.push((Occur::Should, tag_query(tag, &mut unknown)?));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for tag in &request.not_tags {
            clauses.push((Occur::MustNot, tag_query(tag, &mut unknown)?));
        }
        if request.since.is_some() || request.until.is_some() {
            let field = self.store.fields.date;
            let bound = |text: &Option<String>,
                         end_of_day: bool|
             -> Result<Bound<Term>, SearchError> {
                let Some(text) = text else {
                    return Ok(Bound::Unbounded);
                };
                let date = parse_filter_date(text).ok_or_else(|| SearchError::InvalidRequest {
                    field: if end_of_day { "until" } else { "since" },
                    message: format!("{text:?} is not a date: expected YYYY-MM-DD or RFC 3339"),
                })?;
                let is_day = text.trim().len() == 10;
                Ok(if end_of_day && is_day {
                    let next = DateTime::from_timestamp_secs(
                        date.into_timestamp_secs().saturating_add(86_400),
                    );
                    Bound::Excluded(Term::from_field_date_for_search(field, next))
                } else {
                    Bound::Included(Term::from_field_date_for_search(field, date))
                })
            };
            let range =
                RangeQuery::new(bound(&request.since, false)?, bound(&request.until, true)?);
            clauses.push((Occur::Must, Box::new(range)));
        }
        if clauses.len() == 1 {
            let (_, query) = clauses.pop().expect("one clause");
            return Ok((query, unknown));
        }
        Ok((Box::new(BooleanQuery::new(clauses)), unknown))
    }

    /// The existing tags closest to `key` (edit distance on normalized keys, prefixes first).
    pub fn suggest_tags(
        &self,
        searcher: &Searcher,
        key: &str,
        n: usize,
    ) -> Result<Vec<String>, SearchError> {
        let tags = vocabulary::all_tags(searcher, &self.store.fields)?;
        let mut scored: Vec<(usize, u64, String)> = tags
            .into_iter()
            .map(|t| {
                let distance = if t.key.starts_with(key) || key.starts_with(t.key.as_str()) {
                    0
                } else {
                    strsim::levenshtein(key, &t.key)
                };
                (distance, t.articles, t.tag)
            })
            .filter(|(d, _, _)| *d <= key.chars().count().max(2) / 2 + 1)
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        Ok(scored.into_iter().take(n).map(|(_, _, t)| t).collect())
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: Option<&SnippetGenerator>) -> Hit {
        let f = &self.store.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let (snippet, highlights) = match snippets {
            Some(generator) => {
                let snippet = generator.snippet(&text(f.body));
                if snippet.is_empty() {
                    (lead(&text(f.body), 200), Vec::new())
                } else {
                    let ranges = snippet
                        .highlighted()
                        .iter()
                        .map(|r| [r.start, r.end])
                        .collect();
                    // Paragraph breaks become spaces (one byte for one byte, so the ranges hold):
                    // a snippet is one line of text.
                    (snippet.fragment().replace('\n', " "), ranges)
                }
            }
            None => (String::new(), Vec::new()),
        };
        Hit {
            id: text(f.id),
            score,
            title: text(f.title),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(format_date),
            tags: doc
                .get_all(f.tag)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            path: text(f.path),
            snippet,
            highlights,
        }
    }
}

/// The alias file stored in the index, if there is a valid one.
fn read_aliases(store: &Store) -> Option<Aliases> {
    store
        .aliases_path()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|text| Aliases::parse(&text).ok())
}

/// A warning when `since` is after `until`: no article can match, which deserves a word.
fn date_warning(request: &SearchRequest) -> Option<String> {
    let (since, until) = (request.since.as_deref()?, request.until.as_deref()?);
    let (from, to) = (parse_date(since)?, parse_date(until)?);
    // `until` covers its whole day: 2020-10-10 until 2020-10-10 is one day, not an empty range.
    let to_end = if until.trim().len() == 10 {
        to.into_timestamp_secs().saturating_add(86_399)
    } else {
        to.into_timestamp_secs()
    };
    (from.into_timestamp_secs() > to_end)
        .then(|| format!("since {since} is after until {until}: no date can match"))
}

/// Whether `query` searches any term (an empty clause, or one that only excludes, does not).
fn has_terms(query: &dyn Query) -> bool {
    let mut found = false;
    query.query_terms(&mut |_, _| found = true);
    found
}

/// The first `max_chars` characters of `text`, cut at a word boundary.
fn lead(text: &str, max_chars: usize) -> String {
    let first_paragraph = text.lines().next().unwrap_or_default();
    if first_paragraph.chars().count() <= max_chars {
        return first_paragraph.to_string();
    }
    let cut: String = first_paragraph.chars().take(max_chars).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

/// The name of the analyzer a text field is indexed with.
fn text_analyzer_of(
    schema: &tantivy::schema::Schema,
    field: tantivy::schema::Field,
) -> Option<String> {
    match schema.get_field_entry(field).field_type() {
        tantivy::schema::FieldType::Str(options) => options
            .get_indexing_options()
            .map(|indexing| indexing.tokenizer().to_string()),
        _ => None,
    }
}

/// `YYYY-MM-DD`, or RFC 3339 when the time of day is not midnight.
pub fn format_date(date: DateTime) -> String {
    let secs = date.into_timestamp_secs();
    let Ok(dt) = time::OffsetDateTime::from_unix_timestamp(secs) else {
        return secs.to_string();
    };
    if secs % 86_400 == 0 {
        let (y, m, d) = (dt.year(), u8::from(dt.month()), dt.day());
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        dt.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| secs.to_string())
    }
}

#[cfg(test)]
mod ranking_tests {
    use super::Ranking;

    #[test]
    fn ranking_parses_any_subset_of_its_keys_over_the_defaults() {
        let r = Ranking::parse("proximity=0, slop=2").unwrap();
        assert_eq!(
            (r.exact, r.proximity, r.slop),
            (Ranking::default().exact, 0.0, 2)
        );
        assert_eq!(Ranking::parse("").unwrap(), Ranking::default());
        for bad in [
            "exact",
            "exact=-1",
            "exact=x",
            "slop=1.5",
            "slop=65",
            "k1=2",
            "exact=NaN",
        ] {
            assert!(Ranking::parse(bad).is_err(), "{bad}");
        }
    }
}
