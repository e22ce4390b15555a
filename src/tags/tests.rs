//! End-to-end tests of the report on a synthetic archive with planted variants of every kind, and
//! with look-alike tags of different subjects that no merging method may join.

use super::*;

/// (tag, how many articles carry it). Each planted tag is on its own articles, so counts add up.
const PLANTED: &[(&str, usize)] = &[
    // normalized
    ("ميليشيات الحوثي", 5),
    ("ميليشيات_الحوثي", 1),
    ("أرمينيا", 3),
    ("ارمينيا", 2),
    ("#أرمينيا", 1),
    // fingerprint
    ("اشتباكات أذربيجان وأرمينيا", 3),
    ("اشتباكات أرمينيا وأذربيجان", 1),
    ("الحكومة اليمنية", 4),
    ("حكومة يمنية", 1),
    // stem
    ("الحوثي", 6),
    ("الحوثيين", 3),
    ("ميليشيا الحوثي", 2),
    ("التغريدات", 5),
    ("تغريدة", 2),
    // spelling
    ("ترمب", 10),
    ("ترامب", 2),
    ("كلينتون", 3),
    ("كلنتون", 1),
    // containment
    ("دونالد ترمب", 4),
    // look-alikes of different subjects
    ("إيران", 5),
    ("العراق", 5),
    ("مصر", 5),
    ("مصري", 2),
    ("ليبيا", 4),
    ("لبنان", 4),
    ("السودان", 3),
    ("جنوب السودان", 2),
    ("كوريا الشمالية", 3),
    ("كوريا الجنوبية", 3),
    ("الأردن", 2),
    ("الأرز", 1),
    ("البحرين", 2),
    ("البحر", 1),
    ("روسيا", 3),
    ("روسي", 1),
    ("حسن", 1),
    ("حسين", 1),
    ("السد", 1),
    ("سد", 1),
    ("النمسا", 1),
    ("المسا", 1),
    ("النصر", 2),
    ("النصرة", 1),
    ("عمر", 1),
    ("العمرة", 1),
    ("ماليزيا", 2),
    ("الماليزية", 1),
    ("ألمانيا", 3),
    ("المنيا", 1),
    ("جميل", 1),
    ("جيميل", 1),
    ("كريم", 1),
    ("كروم", 1),
    ("الإيرادات", 2),
    ("واردات", 1),
    ("سوريا", 3),
    ("سوري", 1),
];

/// Pairs that are different subjects: no method but `containment` may put them in one cluster.
const LOOK_ALIKES: &[(&str, &str)] = &[
    ("إيران", "العراق"),
    ("مصر", "مصري"),
    ("ليبيا", "لبنان"),
    ("السودان", "جنوب السودان"),
    ("كوريا الشمالية", "كوريا الجنوبية"),
    ("الأردن", "الأرز"),
    ("البحرين", "البحر"),
    ("روسيا", "روسي"),
    ("حسن", "حسين"),
    ("السد", "سد"),
    ("النمسا", "المسا"),
    ("النصر", "النصرة"),
    ("عمر", "العمرة"),
    ("ماليزيا", "الماليزية"),
    ("ألمانيا", "المنيا"),
    ("جميل", "جيميل"),
    ("كريم", "كروم"),
    ("الإيرادات", "واردات"),
    ("سوريا", "سوري"),
];

fn planted_articles() -> Vec<ArticleTags> {
    let mut articles = Vec::new();
    for &(tag, n) in PLANTED {
        for _ in 0..n {
            let id = format!("a{}", articles.len());
            articles.push(ArticleTags::from_raw(id, [tag], None));
        }
    }
    articles
}

/// The cluster of `method` whose members include `tag`.
fn cluster_of<'a>(report: &'a TagReport, method: Method, tag: &str) -> Option<&'a Cluster> {
    report
        .clusters_by(method)
        .find(|c| c.members.iter().any(|m| m.tag == tag))
}

fn assert_cluster(report: &TagReport, method: Method, canonical: &str, members: &[(&str, usize)]) {
    let cluster = cluster_of(report, method, members[0].0)
        .unwrap_or_else(|| panic!("no {method} cluster with {}: {report:#?}", members[0].0));
    assert_eq!(cluster.canonical, canonical, "{cluster:#?}");
    let got: Vec<(&str, usize)> = cluster
        .members
        .iter()
        .map(|m| (m.tag.as_str(), m.articles))
        .collect();
    assert_eq!(got, members, "{method} cluster of {canonical}");
}

#[test]
fn every_planted_cluster_is_found_with_its_method_and_canonical() {
    let report = build_report(&planted_articles(), &ReportOptions::default());
    use Method::*;
    assert_cluster(
        &report,
        Normalized,
        "ميليشيات الحوثي",
        &[("ميليشيات الحوثي", 5), ("ميليشيات_الحوثي", 1)],
    );
    assert_cluster(
        &report,
        Normalized,
        "أرمينيا",
        &[("أرمينيا", 3), ("ارمينيا", 2), ("#أرمينيا", 1)],
    );
    assert_cluster(
        &report,
        Fingerprint,
        "اشتباكات أذربيجان وأرمينيا",
        &[
            ("اشتباكات أذربيجان وأرمينيا", 3),
            ("اشتباكات أرمينيا وأذربيجان", 1),
        ],
    );
    assert_cluster(
        &report,
        Fingerprint,
        "الحكومة اليمنية",
        &[("الحكومة اليمنية", 4), ("حكومة يمنية", 1)],
    );
    assert_cluster(&report, Stem, "الحوثي", &[("الحوثي", 6), ("الحوثيين", 3)]);
    // The normalized cluster is one member of the stem cluster, by its canonical.
    assert_cluster(
        &report,
        Stem,
        "ميليشيات الحوثي",
        // The normalized cluster (5 + 1 articles) is one member, counted as its canonical is.
        &[("ميليشيات الحوثي", 5), ("ميليشيا الحوثي", 2)],
    );
    assert_cluster(
        &report,
        Stem,
        "التغريدات",
        &[("التغريدات", 5), ("تغريدة", 2)],
    );
    assert_cluster(&report, Spelling, "ترمب", &[("ترمب", 10), ("ترامب", 2)]);
    assert_cluster(
        &report,
        Spelling,
        "كلينتون",
        &[("كلينتون", 3), ("كلنتون", 1)],
    );
    // Containment works on the spelling cluster: ترمب carries ترامب's articles.
    assert_cluster(
        &report,
        Containment,
        "ترمب",
        // ترمب stands for its spelling cluster (with ترامب) and keeps its own count.
        &[("ترمب", 10), ("دونالد ترمب", 4)],
    );
    let ranks: Vec<f64> = Method::ALL
        .iter()
        .filter_map(|&m| report.clusters_by(m).map(|c| c.confidence).reduce(f64::max))
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] > w[1]),
        "confidence falls with laxness: {ranks:?}"
    );
}

#[test]
fn look_alikes_are_never_merged() {
    let report = build_report(&planted_articles(), &ReportOptions::default());
    for &(a, b) in LOOK_ALIKES {
        for cluster in report
            .clusters
            .iter()
            .filter(|c| c.method != Method::Containment)
        {
            let has = |t: &str| cluster.members.iter().any(|m| m.tag == t);
            assert!(!(has(a) && has(b)), "{a} / {b} merged: {cluster:#?}");
        }
    }
    // السودان / جنوب السودان is offered, but only as a containment suggestion.
    let sudan = cluster_of(&report, Method::Containment, "جنوب السودان").expect("containment");
    assert!(sudan.members.iter().any(|m| m.tag == "السودان"));
}

#[test]
fn a_tag_is_in_one_cluster_per_method() {
    let report = build_report(&planted_articles(), &ReportOptions::default());
    for method in Method::ALL {
        let mut seen = std::collections::HashSet::new();
        for member in report.clusters_by(method).flat_map(|c| &c.members) {
            assert!(
                seen.insert(member.tag.clone()),
                "{} twice in {method}",
                member.tag
            );
        }
    }
}

#[test]
fn applying_the_written_aliases_makes_the_merged_clusters_disappear() {
    let articles = planted_articles();
    let report = build_report(&articles, &ReportOptions::default());
    let file = write_aliases(&report);
    assert!(file.contains("# containment"), "{file}");
    assert!(
        file.contains("\n# دونالد ترمب\tترمب\n"),
        "containment is commented out: {file}"
    );
    let aliases = Aliases::parse(&file).expect("the written file parses");
    assert_eq!(aliases.canonical("ترامب"), Some("ترمب"));
    assert_eq!(aliases.canonical("دونالد ترمب"), None);

    let applied: Vec<ArticleTags> = articles
        .iter()
        .map(|a| ArticleTags::from_raw(a.id.clone(), a.raw.clone(), Some(&aliases)))
        .collect();
    let again = build_report(&applied, &ReportOptions::default());
    let merging: Vec<&Cluster> = again
        .clusters
        .iter()
        .filter(|c| c.method != Method::Containment)
        .collect();
    assert!(merging.is_empty(), "left after aliases: {merging:#?}");
    let before: Vec<&str> = report
        .clusters_by(Method::Containment)
        .map(|c| c.canonical.as_str())
        .collect();
    let after: Vec<&str> = again
        .clusters_by(Method::Containment)
        .map(|c| c.canonical.as_str())
        .collect();
    assert_eq!(before, after, "unreviewed containment suggestions stay");
    assert_eq!(
        again.distinct_tags,
        report.distinct_tags - report_variants(&report)
    );
}

/// How many tags the merging clusters fold into another one.
fn report_variants(report: &TagReport) -> usize {
    report
        .clusters
        .iter()
        .filter(|c| c.method != Method::Containment)
        .map(|c| c.members.len() - 1)
        .sum()
}

#[test]
fn empty_and_untagged_input_give_an_empty_report() {
    let articles = [
        ArticleTags::from_raw("a", ["#", "  "], None),
        ArticleTags::default(),
    ];
    let report = build_report(&articles, &ReportOptions::default());
    assert_eq!(report.articles, 2);
    assert_eq!(report.tagged_articles, 0);
    assert!(report.clusters.is_empty());
    assert_eq!(report.within_article.articles, 0);
}
