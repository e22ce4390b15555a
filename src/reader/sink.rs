//! Where a file's records go as they are read: the caller's callback, one [`Record`] at a time,
//! so a file of any size is never held whole. On the way each article gets its locator within a
//! zip member and, when it has no usable date of its own, the date its path carries; an
//! unparseable date is reported, never dropped silently.

use super::{json, LocatedArticle, Problem, ReadError, Record};
use crate::article::Article;
use crate::dates::{date_from_path, parse_date};

/// The records of one file on their way to the caller, and the tallies that decide whether the
/// file gave anything.
pub(crate) struct Sink<'s> {
    each: &'s mut dyn FnMut(Record),
    /// The file's path (or name), where an undated article may find its date.
    path: String,
    /// The zip member being read, which prefixes locators and is the first place to find a date.
    pub(crate) member: Option<String>,
    /// Articles passed on.
    pub(crate) articles: u64,
    /// Records refused for a reason other than having no title and no body.
    pub(crate) refusals: u64,
}

impl<'s> Sink<'s> {
    /// A sink passing records to `each`, for the file at `path` (empty when there is no path).
    pub(crate) fn new(each: &'s mut dyn FnMut(Record), path: String) -> Self {
        Sink {
            each,
            path,
            member: None,
            articles: 0,
            refusals: 0,
        }
    }

    /// Passes on an article found at `locator` (within the current member).
    pub(crate) fn article(&mut self, locator: String, mut article: Article) {
        let locator = self.locate(&locator);
        if let Some(text) = article.date.take() {
            if parse_date(&text).is_some() {
                article.date = Some(text);
            } else {
                self.pass(Record::Problem(Problem {
                    locator: locator.clone(),
                    reason: format!(
                        "unparseable date {text:?}: the article is kept without it{}",
                        self.path_date()
                            .map_or(String::new(), |d| format!(", dated {d} from its path"))
                    ),
                }));
            }
        }
        if article.date.is_none() {
            article.date = self.path_date();
        }
        self.articles += 1;
        self.pass(Record::Article(LocatedArticle { locator, article }));
    }

    /// Reports a record at `locator` that was not read, and why.
    pub(crate) fn skip(&mut self, locator: &str, reason: String) {
        if reason != json::NO_TITLE_OR_BODY {
            self.refusals += 1;
        }
        let locator = self.locate(locator);
        self.pass(Record::Problem(Problem { locator, reason }));
    }

    /// Reports a caveat on a record that was kept.
    pub(crate) fn warn(&mut self, locator: &str, reason: String) {
        let locator = self.locate(locator);
        self.pass(Record::Problem(Problem { locator, reason }));
    }

    fn pass(&mut self, record: Record) {
        (self.each)(record);
    }

    /// The date the member's name or else the file's path carries.
    fn path_date(&self) -> Option<String> {
        self.member
            .as_deref()
            .and_then(date_from_path)
            .or_else(|| date_from_path(&self.path))
    }

    /// A locator within the current zip member: `2015-07-21.json[41]`, `feed.jsonl line 3`,
    /// `note.txt`; unchanged outside a zip.
    fn locate(&self, inner: &str) -> String {
        match &self.member {
            None => inner.to_owned(),
            Some(member) if inner.is_empty() => member.clone(),
            Some(member) if inner.starts_with('[') => format!("{member}{inner}"),
            Some(member) => format!("{member} {inner}"),
        }
    }

    /// Runs `parse` and passes its records on only if it gives something: a whole document that
    /// gave no article is [`ReadError::NoArticle`] (when nothing else went wrong) with nothing
    /// passed on, so the caller's old articles of the file are kept. Only the problems met before
    /// the first article are held back; from it on, records pass straight through, so a large
    /// array is never held twice.
    pub(crate) fn all_or_nothing(
        &mut self,
        parse: impl FnOnce(&mut Sink) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let mut held = Vec::new();
        let mut flowing = false;
        let outer = &mut *self.each;
        let mut gate = |record: Record| {
            if !flowing && matches!(record, Record::Article(_)) {
                flowing = true;
                held.drain(..).for_each(&mut *outer);
            }
            if flowing {
                outer(record);
            } else {
                held.push(record);
            }
        };
        let mut inner = Sink {
            each: &mut gate,
            path: self.path.clone(),
            member: self.member.clone(),
            articles: 0,
            refusals: 0,
        };
        parse(&mut inner)?;
        let (articles, refusals) = (inner.articles, inner.refusals);
        if articles == 0 && refusals == 0 {
            return Err(ReadError::NoArticle);
        }
        // Problems alone (refused records): they explain the file, so they are passed on.
        held.into_iter().for_each(&mut *self.each);
        self.articles += articles;
        self.refusals += refusals;
        Ok(())
    }
}
