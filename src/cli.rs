//! Command-line flags (clap derive; the doc comments are the help text).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Fihris (فهرس): full-text search for Arabic news archives.
#[derive(Debug, Parser)]
#[command(name = "fihris", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The index location shared by every command: `--index`, else `$FIHRIS_INDEX`, else `./fihris-index`.
#[derive(Debug, Args, Clone)]
pub struct IndexLocation {
    /// Index folder.
    #[arg(
        long,
        env = "FIHRIS_INDEX",
        default_value = "fihris-index",
        value_name = "DIR"
    )]
    pub index: PathBuf,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the tokens an analyzer makes of TEXT (or of stdin), like Elasticsearch's _analyze.
    Analyze(AnalyzeArgs),
    /// Index an archive folder tree (incrementally: only what changed).
    Index(IndexArgs),
    /// Print what an index holds.
    Stats(StatsArgs),
    /// Search an index, with tag facets.
    Search(SearchArgs),
    /// Score a TREC run against relevance judgments (MRR@10, Recall@10/100, nDCG@10).
    Eval(EvalArgs),
    /// The tag vocabulary, and a report of duplicate and variant tags.
    Tags(TagsArgs),
    /// Export the index for another engine (OpenSearch / Elasticsearch).
    Export(ExportArgs),
    /// Serve the index over HTTP: a JSON API (search, articles, tags, ingest), live while indexing.
    Serve(ServeArgs),
    /// Spelling variants of foreign names found in the index (ترامب / ترمب), for review.
    Variants(VariantsArgs),
}

/// `fihris variants`
#[derive(Debug, Args)]
pub struct VariantsArgs {
    /// Where the index is.
    #[command(flatten)]
    pub location: IndexLocation,
    /// Number of groups to list.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub top: usize,
    /// Print one JSON object: {"documents","vocabulary","build_ms","total","groups":[{"spellings":[{"word","df"}],"method","confidence"}]}.
    #[arg(long)]
    pub json: bool,
    /// Reviewed variants file (`add`/`forbid` and tab-separated words, a line): rebuild the
    /// groups with it and store it with the index.
    #[arg(long, value_name = "FILE")]
    pub variants_file: Option<PathBuf>,
    /// For measurements: build with these gates (`min_df=N,affix=X,family=N,context=X,sample=N,group=N`)
    /// and print, writing nothing.
    #[arg(long, value_name = "K=V,...", hide_short_help = true)]
    pub gates: Option<String>,
    /// For measurements: print every candidate pair of name-like words with its evidence, one JSON
    /// object a line, instead of the groups (writing nothing).
    #[arg(long, hide_short_help = true)]
    pub pairs: bool,
}

/// `fihris analyze`
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Analyzer name (arabic, arabic_exact, arabic_snowball, arabic_stop, arabic_exact_stop, default).
    #[arg(long, default_value = "arabic")]
    pub analyzer: String,
    /// Print one JSON object: {"analyzer","tokens":[{"text","position","start","end"}]}.
    #[arg(long)]
    pub json: bool,
    /// Read stdin line by line and print one result per line.
    #[arg(long)]
    pub lines: bool,
    /// Print the spelling-variant group of each word of TEXT in the index instead of tokens.
    #[arg(long)]
    pub variants: bool,
    /// With --variants: where the index is.
    #[command(flatten)]
    pub location: IndexLocation,
    /// Text to analyze; stdin when absent.
    pub text: Vec<String>,
}

/// `fihris index`
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Archive folders to index.
    #[arg(value_name = "ARCHIVE_DIR", required = true)]
    pub archives: Vec<PathBuf>,
    /// Where the index is.
    #[command(flatten)]
    pub location: IndexLocation,
    /// Rebuild the index from scratch.
    #[arg(long)]
    pub full: bool,
    /// Tag alias file (`variant<TAB>canonical` a line) applied to the facets.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
    /// Reviewed spelling-variants file (`add`/`forbid` and tab-separated words, a line), stored
    /// with the index; without it the stored copy keeps applying.
    #[arg(long, value_name = "FILE")]
    pub variants_file: Option<PathBuf>,
    /// Text encoding: auto (UTF-8, else Windows-1256), utf-8, windows-1256.
    #[arg(long, default_value = "auto", value_name = "NAME")]
    pub encoding: String,
    /// Map an article field to a JSON key, e.g. `--field body=content`.
    #[arg(long = "field", value_name = "NAME=KEY")]
    pub fields: Vec<String>,
    /// Indexing threads (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Indexing memory budget in MB.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub memory: usize,
    /// No progress bar and no summary.
    #[arg(long)]
    pub quiet: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Exit non-zero if any file or record was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Follow symbolic links that lead out of the archive folders (by default they are listed as
    /// ignored).
    #[arg(long)]
    pub follow_external_links: bool,
    /// For measurements: the analyzer of the title/body fields of a new index
    /// (arabic, arabic_snowball, arabic_exact, arabic_stop, arabic_exact_stop, default).
    #[arg(
        long,
        default_value = "arabic",
        value_name = "NAME",
        hide_short_help = true
    )]
    pub analyzer: String,
    /// For measurements: how many times a new index writes the title into the searched text
    /// (its weight against a body word).
    #[arg(long, value_name = "N", hide_short_help = true, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub title_weight: Option<u32>,
    /// For measurements: how many times a new index writes each tag into the searched text.
    #[arg(long, value_name = "N", hide_short_help = true, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub tag_weight: Option<u32>,
}

/// `fihris stats`
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Where the index is.
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    /// Best match first (newest first for an empty query).
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// `fihris search`
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", +must -mustnot, AND/OR/NOT, (), title: body: tag:. "" matches all.
    /// A query starting with `-` goes after `--`: `fihris search -- -word`. At most 4,096 characters.
    #[arg(required_unless_present = "batch")]
    pub query: Option<String>,
    /// Where the index is.
    #[command(flatten)]
    pub location: IndexLocation,
    /// Only articles with this tag (repeat: all of them).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Only articles with at least one of these tags.
    #[arg(long = "any-tag", value_name = "T")]
    pub any_tags: Vec<String>,
    /// No articles with this tag.
    #[arg(long = "not-tag", value_name = "T")]
    pub not_tags: Vec<String>,
    /// Only articles published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Result order.
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortOrder,
    /// Number of hits to show: 10 by default, 100 in batch mode; at most 10,000.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Hits to skip (paging); offset + limit is at most 100,000.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Number of tag facets to count (0: none; default 10, and 0 in batch mode).
    #[arg(long, value_name = "N")]
    pub facets: Option<usize>,
    /// Count matches exactly up to N (default 10,000), then say "more than N" and count the facets
    /// over the first N matches (archive order); `true` counts every match and every facet.
    #[arg(long, value_name = "N|true")]
    pub track_total_hits: Option<crate::search::TrackTotalHits>,
    /// Search each word as written only: not its spelling variants (ترامب without ترمب).
    #[arg(long)]
    pub no_variants: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Batch mode: read `qid<TAB>query` lines from this file and write a TREC run.
    #[arg(long, value_name = "QUERIES.tsv", requires = "run")]
    pub batch: Option<PathBuf>,
    /// Batch mode: the TREC run file to write.
    #[arg(long, value_name = "RUN")]
    pub run: Option<PathBuf>,
    /// For measurements: rank without the exact-form bonus (the stemmed text only).
    #[arg(long, hide_short_help = true)]
    pub no_exact: bool,
    /// For measurements: the ranking's parameters, `exact=W,proximity=W,slop=N` (any of them; the
    /// others keep their defaults). `exact` weighs the exact-form field against the stemmed one;
    /// `proximity` weighs a bonus for consecutive query words found within `slop` words of each
    /// other (0 turns it off).
    #[arg(long, value_name = "K=V,...", hide_short_help = true)]
    pub ranking: Option<String>,
    /// For measurements: search question words (ما، متى، كيف…) instead of dropping them from the query.
    #[arg(long, hide_short_help = true)]
    pub keep_question_words: bool,
    /// Batch mode: the run tag (last column).
    #[arg(long, default_value = "fihris", value_name = "NAME")]
    pub run_tag: String,
    /// Batch mode: write `qid<TAB>milliseconds` per query to this file, timed inside the process
    /// around parsing, searching, top-k collection and (with --facets) facet counting; writing the
    /// run is not timed.
    #[arg(long, value_name = "T.tsv", requires = "batch")]
    pub timings: Option<PathBuf>,
    /// Batch mode: run every query once, untimed, before the timed pass (warm caches).
    #[arg(long, requires = "batch")]
    pub warmup: bool,
}

/// `fihris eval`
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// TREC qrels file (`qid 0 docid relevance`).
    #[arg(long, value_name = "QRELS")]
    pub qrels: PathBuf,
    /// TREC run file (`qid Q0 docid rank score tag`).
    #[arg(long, value_name = "RUN")]
    pub run: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `fihris tags`
#[derive(Debug, Args)]
pub struct TagsArgs {
    /// `report` for the duplicate-tag report; the vocabulary when absent.
    #[command(subcommand)]
    pub report: Option<TagsCommand>,
    /// Where the index is.
    #[command(flatten)]
    pub location: IndexLocation,
    /// Number of tags to list.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub top: usize,
    /// Only tags whose normalized text starts with this (normalized) prefix.
    #[arg(long, value_name = "TEXT")]
    pub prefix: Option<String>,
    /// For the OpenSearch parity check: every distinct tag of the index, as written and after
    /// aliases, with its key, one JSON object a line (`{"tag","key"}`).
    #[arg(long, hide = true, conflicts_with_all = ["top", "prefix", "json"])]
    pub keys: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Report output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Readable text.
    Text,
    /// One JSON object.
    Json,
    /// CSV, one row per cluster member.
    Csv,
}

/// `fihris tags report`
#[derive(Debug, Subcommand)]
pub enum TagsCommand {
    /// Within-article duplicates and variant clusters across the archive.
    Report(TagsReportArgs),
}

/// `fihris tags report`
#[derive(Debug, Args)]
pub struct TagsReportArgs {
    /// Where the index is.
    #[command(flatten)]
    pub location: IndexLocation,
    /// Read the tags from an archive folder instead of an index (then --index and $FIHRIS_INDEX
    /// are not used).
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Only clusters affecting at least this many articles.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_articles: u64,
    /// Write the suggested aliases to FILE, to review and pass to `fihris index --aliases`.
    #[arg(long, value_name = "FILE")]
    pub write_aliases: Option<PathBuf>,
}

/// `fihris serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the index is (created empty when missing).
    #[command(flatten)]
    pub location: IndexLocation,
    /// Address to listen on; `0.0.0.0:PORT` to accept other machines.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// Key that writes must send as `Authorization: Bearer KEY` (writes are refused without one).
    #[arg(
        long,
        env = "FIHRIS_API_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub api_key: Option<String>,
    /// Archive folders to keep indexed while serving (new, changed and removed files).
    #[arg(long, value_name = "ARCHIVE_DIR")]
    pub watch: Vec<PathBuf>,
    /// Server threads (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Largest request body, in MiB.
    #[arg(long, default_value_t = 64, value_name = "MB")]
    pub max_body_mb: usize,
    /// Most records in one `POST /api/articles`.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub max_records: usize,
    /// Longest query (and other text parameter), in characters.
    #[arg(long, default_value_t = 1_000, value_name = "N")]
    pub max_query_chars: usize,
    /// Largest `limit` of a search.
    #[arg(long, default_value_t = 1_000, value_name = "N")]
    pub max_limit: usize,
    /// Largest `offset` of a search.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub max_offset: usize,
    /// Time a request may take, in milliseconds (then 503).
    #[arg(long, default_value_t = 30_000, value_name = "MS")]
    pub timeout_ms: u64,
    /// Time a client has to send a request's headers, in milliseconds (then it is disconnected).
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    pub header_timeout_ms: u64,
    /// Requests served at once (more are answered 503 with Retry-After).
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub max_concurrent: usize,
    /// Do not log one line per request.
    #[arg(long)]
    pub quiet: bool,
}

/// `fihris export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The engine to export for.
    #[command(subcommand)]
    pub target: ExportTarget,
}

/// What `fihris export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    /// Settings and mappings with Fihris's analysis chain, bulk files, a search template and a
    /// README with the curl commands, for OpenSearch 2.x and Elasticsearch 8.x.
    Opensearch(OpensearchArgs),
}

/// `fihris export opensearch`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").args(["index", "archives"])))]
pub struct OpensearchArgs {
    /// Index folder to export [default: $FIHRIS_INDEX, else fihris-index].
    // Not the shared `IndexLocation`: clap counts a value from the environment as given, so
    // `$FIHRIS_INDEX` would conflict with `--archive`; the command reads the variable itself.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Export straight from archive folders, read as `fihris index` reads them, instead of an
    /// index (then --index and $FIHRIS_INDEX are not used).
    #[arg(long = "archive", value_name = "ARCHIVE_DIR", num_args = 1..)]
    pub archives: Vec<PathBuf>,
    /// With --archive: tag alias file (`variant<TAB>canonical` a line), as `fihris index --aliases`.
    #[arg(long, value_name = "FILE", requires = "archives")]
    pub aliases: Option<PathBuf>,
    /// With --archive: text encoding: auto (UTF-8, else Windows-1256), utf-8, windows-1256.
    #[arg(
        long,
        default_value = "auto",
        value_name = "NAME",
        requires = "archives"
    )]
    pub encoding: String,
    /// With --archive: map an article field to a JSON key, e.g. `--field body=content`.
    #[arg(long = "field", value_name = "NAME=KEY", requires = "archives")]
    pub fields: Vec<String>,
    /// With --archive: follow symbolic links that lead out of the archive folders.
    #[arg(long, requires = "archives")]
    pub follow_external_links: bool,
    /// With --archive: indexing threads (default: the number of cores, at most 8).
    #[arg(long, value_name = "N", requires = "archives")]
    pub threads: Option<usize>,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write only the articles added, changed or removed since the last export into --out.
    #[arg(long)]
    pub since_export: bool,
    /// The index name used in the README's commands.
    #[arg(long, default_value = "fihris")]
    pub name: String,
    /// The largest bulk file, in bytes (for tests).
    #[arg(long, hide = true, default_value_t = crate::export::bulk::DEFAULT_CHUNK_BYTES)]
    pub chunk_bytes: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks the flag definitions (groups, `requires`, conflicts) only when a command is
    /// built: this catches a wrong id before a user runs the subcommand.
    #[test]
    fn flags_are_consistent() {
        super::Cli::command().debug_assert();
    }
}
