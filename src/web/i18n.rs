//! The interface's words in Arabic (the default) and English, and how a request picks one:
//! `?lang=en|ar` first, else the browser's `Accept-Language`, else Arabic.

use axum::http::HeaderMap;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Arabic, right to left.
    Ar,
    /// English, left to right.
    En,
}

impl Lang {
    /// `?lang=` when it names a language, else the first of `Accept-Language` we speak, else Arabic.
    pub fn pick(param: Option<&str>, headers: &HeaderMap) -> (Lang, bool) {
        match param.map(str::trim) {
            Some("en") => return (Lang::En, true),
            Some("ar") => return (Lang::Ar, true),
            _ => {}
        }
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        // Preferences in the order given, weights aside: browsers list them best first.
        for range in accept.split(',') {
            let tag = range.split(';').next().unwrap_or_default().trim();
            let primary = tag.split('-').next().unwrap_or_default();
            if primary.eq_ignore_ascii_case("ar") {
                return (Lang::Ar, false);
            }
            if primary.eq_ignore_ascii_case("en") {
                return (Lang::En, false);
            }
        }
        (Lang::Ar, false)
    }

    /// The `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    /// The `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::En => "ltr",
        }
    }

    /// The other language, for the switch link.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ar => Lang::En,
            Lang::En => Lang::Ar,
        }
    }

    /// The words.
    pub fn t(self) -> &'static Text {
        match self {
            Lang::Ar => &AR,
            Lang::En => &EN,
        }
    }
}

/// Every word of the interface.
#[allow(missing_docs)]
pub struct Text {
    pub app: &'static str,
    pub language_name: &'static str,
    pub nav_label: &'static str,
    pub nav_search: &'static str,
    pub nav_tags: &'static str,
    pub search_label: &'static str,
    pub search_button: &'static str,
    pub search_placeholder: &'static str,
    pub help_summary: &'static str,
    pub help: &'static [(&'static str, &'static str)],
    pub facets_heading: &'static str,
    pub tag_search_label: &'static str,
    pub tag_search_hint: &'static str,
    pub combine_legend: &'static str,
    pub mode_all: &'static str,
    pub mode_any: &'static str,
    pub exclude: &'static str,
    pub excluded_heading: &'static str,
    pub no_tags: &'static str,
    pub dates_legend: &'static str,
    pub since: &'static str,
    pub until: &'static str,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub apply: &'static str,
    pub clear: &'static str,
    pub results_heading: &'static str,
    pub results: fn(usize, f64) -> String,
    /// The summary when the total is a lower bound (the bound, grouped: `10,000`).
    pub results_more: fn(&str, f64) -> String,
    /// Under the facets' heading when they were counted over the first results only.
    pub facets_sampled: fn(&str) -> String,
    pub no_results: &'static str,
    pub unknown_tag: fn(&str) -> String,
    pub did_you_mean: &'static str,
    pub pages_label: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub page_of: fn(usize, usize) -> String,
    pub tags_of_hit: &'static str,
    pub filter_by: fn(&str) -> String,
    pub date: &'static str,
    pub source: &'static str,
    pub url: &'static str,
    pub path: &'static str,
    pub tags: &'static str,
    pub back_to_results: &'static str,
    pub new_search: &'static str,
    pub not_found: &'static str,
    pub error_heading: &'static str,
    pub review_heading: &'static str,
    pub review_intro: &'static str,
    pub review_methods_label: &'static str,
    pub all_methods: &'static str,
    pub method_name: fn(&str) -> &'static str,
    pub cluster_label: fn(usize) -> String,
    pub accept: &'static str,
    pub reject: &'static str,
    pub canonical: &'static str,
    pub articles_count: fn(usize) -> String,
    pub articles_heading: &'static str,
    pub sample: &'static str,
    pub confidence: &'static str,
    pub no_clusters: &'static str,
    pub download: &'static str,
    pub key_label: &'static str,
    pub save: &'static str,
    pub saved: fn(u64, u64) -> String,
    pub see_facets: &'static str,
    pub back_to_review: &'static str,
}

const AR: Text = Text {
    app: "فهرس",
    language_name: "العربية",
    nav_label: "التنقل",
    nav_search: "البحث",
    nav_tags: "مراجعة الوسوم",
    search_label: "ابحث في الأرشيف",
    search_button: "ابحث",
    search_placeholder: "مثال: \"الرئيس الروسي\" +بوتين -ترمب",
    help_summary: "صيغة البحث",
    help: &[
        ("مسئول", "يجد كل صيغ الكلمة: مسؤول، المسؤولين، للمسؤولين…"),
        ("\"الرئيس الروسي\"", "عبارة بترتيبها"),
        ("+بوتين -ترمب", "كلمة لا بد منها، وكلمة ممنوعة"),
        ("روسيا OR موسكو", "إحدى الكلمتين؛ و AND و NOT والأقواس"),
        ("title:كاراباخ", "في العنوان؛ و body: و tag:"),
    ],
    facets_heading: "الوسوم",
    tag_search_label: "ابحث عن وسم",
    tag_search_hint: "يضاف الوسم المكتوب إلى التصفية",
    combine_legend: "الجمع بين الوسوم المختارة",
    mode_all: "كلها",
    mode_any: "أي منها",
    exclude: "استبعاد",
    excluded_heading: "مستبعدة",
    no_tags: "لا وسوم",
    dates_legend: "التاريخ",
    since: "من",
    until: "إلى",
    sort_label: "الترتيب",
    sort_relevance: "الأكثر صلة",
    sort_newest: "الأحدث",
    sort_oldest: "الأقدم",
    apply: "تطبيق",
    clear: "مسح التصفية",
    results_heading: "النتائج",
    results: |n, ms| format!("{n} نتيجة في {ms:.1} ملّي ثانية"),
    results_more: |n, ms| format!("أكثر من {n} نتيجة في {ms:.1} ملّي ثانية"),
    facets_sampled: |n| format!("عُدّت على أول {n} نتيجة بترتيب الأرشيف، لا على كل النتائج."),
    no_results: "لا نتائج. جرّب كلمات أقل أو أزل بعض الوسوم.",
    unknown_tag: |t| format!("لا يوجد وسم «{t}»."),
    did_you_mean: "هل تقصد:",
    pages_label: "الصفحات",
    previous: "السابقة",
    next: "التالية",
    page_of: |p, n| format!("الصفحة {p} من {n}"),
    tags_of_hit: "الوسوم",
    filter_by: |t| format!("صفِّ بالوسم {t}"),
    date: "التاريخ",
    source: "المصدر",
    url: "الرابط",
    path: "الملف",
    tags: "الوسوم",
    back_to_results: "العودة إلى النتائج",
    new_search: "بحث جديد",
    not_found: "لا توجد مقالة بهذا المعرّف.",
    error_heading: "تعذّر الطلب",
    review_heading: "مراجعة الوسوم",
    review_intro: "مجموعات من الوسوم يبدو أنها موضوع واحد بكتابات مختلفة، من الأدق إلى الأوسع. اقبل المجموعة أو ارفضها واختر الصيغة المعتمدة، ثم نزّل ملف الأسماء البديلة أو احفظه في الفهرس.",
    review_methods_label: "طرائق الاكتشاف",
    all_methods: "الكل",
    method_name: |m| match m {
        "normalized" => "تطبيع الكتابة",
        "fingerprint" => "الكلمات نفسها",
        "stem" => "الجذع نفسه",
        "spelling" => "تهجئة قريبة",
        "containment" => "احتواء (اقتراح)",
        _ => "أخرى",
    },
    cluster_label: |i| format!("المجموعة {i}"),
    accept: "قبول",
    reject: "رفض",
    canonical: "الصيغة المعتمدة",
    articles_count: |n| format!("{n} مقالة"),
    articles_heading: "المقالات",
    sample: "مثال",
    confidence: "الثقة",
    no_clusters: "لا مجموعات: الوسوم نظيفة.",
    download: "تنزيل ملف الأسماء البديلة",
    key_label: "مفتاح الكتابة (API key)",
    save: "حفظ في الفهرس",
    saved: |n, c| format!("حُفظ ملف الأسماء البديلة وطُبّق على {n} مقالة (تغيّرت وسوم {c})."),
    see_facets: "شاهد الوسوم بعد الدمج",
    back_to_review: "العودة إلى المراجعة",
};

const EN: Text = Text {
    app: "Fihris",
    language_name: "English",
    nav_label: "Navigation",
    nav_search: "Search",
    nav_tags: "Tag review",
    search_label: "Search the archive",
    search_button: "Search",
    search_placeholder: "e.g. \"الرئيس الروسي\" +بوتين -ترمب",
    help_summary: "Query syntax",
    help: &[
        ("مسئول", "finds every form: مسؤول, المسؤولين, للمسؤولين…"),
        ("\"الرئيس الروسي\"", "a phrase, in order"),
        ("+بوتين -ترمب", "a word that must appear, one that must not"),
        ("روسيا OR موسكو", "either word; also AND, NOT and parentheses"),
        ("title:كاراباخ", "in the title; also body: and tag:"),
    ],
    facets_heading: "Tags",
    tag_search_label: "Find a tag",
    tag_search_hint: "a tag typed here is added to the filters",
    combine_legend: "Combine the ticked tags",
    mode_all: "all of",
    mode_any: "any of",
    exclude: "Exclude",
    excluded_heading: "Excluded",
    no_tags: "No tags",
    dates_legend: "Date",
    since: "From",
    until: "To",
    sort_label: "Sort",
    sort_relevance: "Relevance",
    sort_newest: "Newest",
    sort_oldest: "Oldest",
    apply: "Apply",
    clear: "Clear filters",
    results_heading: "Results",
    results: |n, ms| format!("{n} results in {ms:.1} ms"),
    results_more: |n, ms| format!("More than {n} results in {ms:.1} ms"),
    facets_sampled: |n| format!("Counted over the first {n} results in archive order, not every result."),
    no_results: "No results. Try fewer words or remove some tags.",
    unknown_tag: |t| format!("There is no tag “{t}”."),
    did_you_mean: "Did you mean:",
    pages_label: "Pages",
    previous: "Previous",
    next: "Next",
    page_of: |p, n| format!("Page {p} of {n}"),
    tags_of_hit: "Tags",
    filter_by: |t| format!("Filter by the tag {t}"),
    date: "Date",
    source: "Source",
    url: "URL",
    path: "File",
    tags: "Tags",
    back_to_results: "Back to the results",
    new_search: "New search",
    not_found: "There is no article with this id.",
    error_heading: "The request failed",
    review_heading: "Tag review",
    review_intro: "Groups of tags that look like one subject written several ways, strictest method first. Accept or reject each group and pick its canonical form, then download the alias file or save it into the index.",
    review_methods_label: "Methods",
    all_methods: "All",
    method_name: |m| match m {
        "normalized" => "normalized spelling",
        "fingerprint" => "same words",
        "stem" => "same stems",
        "spelling" => "near spelling",
        "containment" => "containment (suggestion)",
        _ => "other",
    },
    cluster_label: |i| format!("Group {i}"),
    accept: "Accept",
    reject: "Reject",
    canonical: "Canonical form",
    articles_count: |n| format!("{n} articles"),
    articles_heading: "Articles",
    sample: "sample",
    confidence: "confidence",
    no_clusters: "No groups: the tags are clean.",
    download: "Download the alias file",
    key_label: "Write key (API key)",
    save: "Save into the index",
    saved: |n, c| format!("The alias file was saved and applied to {n} articles ({c} changed tags)."),
    see_facets: "See the merged tags",
    back_to_review: "Back to the review",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_comes_from_the_parameter_then_the_browser_then_arabic() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::pick(None, &headers).0, Lang::Ar);
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "en-US,en;q=0.9,ar;q=0.8".parse().unwrap(),
        );
        assert_eq!(Lang::pick(None, &headers).0, Lang::En);
        assert_eq!(Lang::pick(Some("ar"), &headers), (Lang::Ar, true));
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "fr-FR,ar;q=0.5".parse().unwrap(),
        );
        assert_eq!(Lang::pick(None, &headers).0, Lang::Ar);
    }
}
