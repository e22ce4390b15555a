//! The views of a [`TagReport`]: readable text, one JSON object, CSV with one row per cluster member.
//! They only render: every figure comes from the model, and all three number clusters the same way
//! (the model's order, most articles first).

use std::io::{self, Write};

use super::model::{Member, TagReport};
use crate::terminal::isolate;

/// Writes the readable text view (archive text made terminal-safe: [`crate::terminal`]).
pub fn write_text(report: &TagReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Tags: {} tagged articles of {}, {} distinct tags ({} distinct keys)",
        report.tagged_articles, report.articles, report.distinct_tags, report.distinct_keys
    )?;
    let within = &report.within_article;
    writeln!(
        out,
        "\nWithin-article duplicates: {} articles repeat a tag{}",
        within.articles,
        examples_suffix(&within.examples)
    )?;
    for tag in &within.tags {
        write_member(out, tag)?;
    }
    let mut per_method = String::new();
    for method in super::Method::ALL {
        let n = report.clusters_by(method).count();
        if n > 0 {
            per_method.push_str(&format!("{}{method} {n}", sep(&per_method)));
        }
    }
    writeln!(
        out,
        "\nVariant clusters: {}{}",
        report.clusters.len(),
        if per_method.is_empty() {
            String::new()
        } else {
            format!(" ({per_method})")
        }
    )?;
    for (i, cluster) in report.clusters.iter().enumerate() {
        writeln!(
            out,
            "\n{:>4}. {} — {} articles [{}, confidence {:.2}]",
            i + 1,
            isolate(&cluster.canonical),
            cluster.articles,
            cluster.method,
            cluster.confidence
        )?;
        for member in &cluster.members {
            write_member(out, member)?;
        }
    }
    Ok(())
}

fn sep(s: &str) -> &'static str {
    if s.is_empty() {
        ""
    } else {
        ", "
    }
}

fn examples_suffix(examples: &[String]) -> String {
    if examples.is_empty() {
        String::new()
    } else {
        let examples: Vec<_> = examples.iter().map(|e| isolate(e)).collect();
        format!(" (e.g. {})", examples.join(", "))
    }
}

fn write_member(out: &mut dyn Write, member: &Member) -> io::Result<()> {
    writeln!(
        out,
        "      {:>6}  {}{}",
        member.articles,
        isolate(&member.tag),
        examples_suffix(&member.examples)
    )
}

/// Writes the report as one pretty-printed JSON object: `within_article: {articles, examples,
/// tags}` and `clusters: [{method, confidence, canonical, articles, members: [{tag, articles,
/// examples}]}]`, plus the archive totals.
pub fn write_json(report: &TagReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

/// The CSV header: one row per cluster member.
pub const CSV_HEADER: &str = "cluster,method,confidence,canonical,tag,articles,examples";

/// Writes the CSV view: [`CSV_HEADER`], then one row per cluster member; the cluster number is the
/// text view's, examples are joined by `;`. Fields are quoted when they hold a comma, a quote or a
/// line break (RFC 4180).
pub fn write_csv(report: &TagReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{CSV_HEADER}")?;
    for (i, cluster) in report.clusters.iter().enumerate() {
        for member in &cluster.members {
            writeln!(
                out,
                "{},{},{:.2},{},{},{},{}",
                i + 1,
                cluster.method,
                cluster.confidence,
                csv_field(&cluster.canonical),
                csv_field(&member.tag),
                member.articles,
                csv_field(&member.examples.join(";"))
            )?;
        }
    }
    Ok(())
}

/// Quotes a CSV field when it needs it, doubling its quotes.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{build_report, ArticleTags, ReportOptions};

    fn report() -> TagReport {
        let articles = [
            ArticleTags::from_raw("a,1", ["ترمب", "ترمب"], None),
            ArticleTags::from_raw("b\"2", ["ترامب"], None),
            ArticleTags::from_raw("c3", ["ترمب"], None),
        ];
        build_report(&articles, &ReportOptions::default())
    }

    fn render(f: fn(&TagReport, &mut dyn Write) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&report(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_fields_and_has_a_row_per_member() {
        let csv = render(write_csv);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(lines.len(), 3, "{csv}");
        assert_eq!(lines[1], "1,spelling,0.60,ترمب,ترمب,2,\"a,1;c3\"");
        assert_eq!(lines[2], "1,spelling,0.60,ترمب,ترامب,1,\"b\"\"2\"");
    }

    #[test]
    fn json_has_the_documented_shape() {
        let json: serde_json::Value = serde_json::from_str(&render(write_json)).unwrap();
        assert_eq!(json["within_article"]["articles"], 1);
        assert_eq!(json["within_article"]["examples"][0], "a,1");
        let cluster = &json["clusters"][0];
        assert_eq!(cluster["method"], "spelling");
        assert_eq!(cluster["canonical"], "ترمب");
        assert_eq!(cluster["members"][1]["tag"], "ترامب");
        assert_eq!(cluster["members"][1]["articles"], 1);
        assert_eq!(cluster["members"][1]["examples"][0], "b\"2");
    }

    #[test]
    fn text_lists_duplicates_and_clusters() {
        let text = render(write_text);
        assert!(
            text.contains("Within-article duplicates: 1 articles"),
            "{text}"
        );
        assert!(text.contains("Variant clusters: 1 (spelling 1)"), "{text}");
        assert!(
            // The tag bidi-isolated, so the figures after it stay in their places.
            text.contains("\u{2068}ترمب\u{2069} — 3 articles [spelling, confidence 0.60]"),
            "{text}"
        );
    }
}
