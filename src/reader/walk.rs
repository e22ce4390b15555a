//! Walking the archive folders: which files to read, in a stable order.
//!
//! Symbolic links are followed as long as they stay inside the archive folders being walked (users
//! link data folders into an archive); a link leading out of them (`passwd.txt → /etc/passwd`) is
//! not followed unless asked ([`WalkOptions::follow_external_links`]) and is listed in
//! [`Walk::external_links`]. A link that loops back to one of its ancestors is listed as skipped, and
//! a file reached twice (through a link and directly) is read once. Hidden files and folders and the
//! excluded folder (the index, when it sits inside the archive) are passed over silently: they are
//! not archive content. Everything else that will not be read is listed in [`Walk::skipped`] with
//! its reason; what could not be read at all (a folder without permission, a link to a drive that
//! is not mounted) is also in [`Walk::unreadable`], so that the indexer keeps what it had from there
//! instead of taking it for removed.

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::{DirEntry, WalkDir};

use super::{is_hidden_name, is_supported, SourceFile};

/// The reason given for files whose extension Fihris does not read.
pub const UNSUPPORTED: &str = "unsupported file type";

/// What walking the archive folders found.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// Files to read, in a stable order (sorted by path within each root, roots in the order given).
    pub files: Vec<SourceFile>,
    /// Files that will not be read, with the reason (unsupported type, unreadable metadata…).
    pub skipped: Vec<(PathBuf, String)>,
    /// Folders and files that could not be read: what lies under them is unknown, not gone.
    pub unreadable: Vec<PathBuf>,
    /// Symbolic links leading out of the archive folders, not followed: `(link, where it leads)`.
    pub external_links: Vec<(PathBuf, PathBuf)>,
}

/// How to walk.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions<'a> {
    /// A folder not to walk into (the index itself, when it sits inside the archive).
    pub exclude: Option<&'a Path>,
    /// Follow symbolic links that lead out of the archive folders too (`--follow-external-links`).
    pub follow_external_links: bool,
}

/// Why walking could not even start.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// An archive folder does not exist or is not a folder.
    #[error("archive folder {0} does not exist or is not a folder")]
    MissingRoot(PathBuf),
}

/// Walks `roots` (walkdir, no symlink loops), skipping hidden files and folders and the folder
/// `exclude` (the index itself, when it sits inside the archive), not following links out of the
/// roots. Paths are absolute (roots are canonicalized); a file under two overlapping roots is listed
/// once.
pub fn walk_archives(roots: &[PathBuf], exclude: Option<&Path>) -> Result<Walk, WalkError> {
    walk_archives_with(
        roots,
        &WalkOptions {
            exclude,
            follow_external_links: false,
        },
    )
}

/// [`walk_archives`] with every option.
pub fn walk_archives_with(roots: &[PathBuf], options: &WalkOptions) -> Result<Walk, WalkError> {
    let roots = roots
        .iter()
        .map(|root| match root.canonicalize() {
            Ok(absolute) if absolute.is_dir() => Ok(absolute),
            _ => Err(WalkError::MissingRoot(root.clone())),
        })
        .collect::<Result<Vec<_>, _>>()?;
    // An index folder that does not exist yet cannot be inside the walk.
    let exclude = options.exclude.and_then(|path| path.canonicalize().ok());
    let mut walk = Walk::default();
    let mut seen = HashSet::new();
    let mut external = Vec::new();
    for root in &roots {
        let entries = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if !keep(entry, exclude.as_deref()) {
                    return false;
                }
                if options.follow_external_links {
                    return true;
                }
                match external_target(entry, &roots) {
                    Some(target) => {
                        external.push((entry.path().to_path_buf(), target));
                        false
                    }
                    None => true,
                }
            });
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_type().is_dir() => {}
                Ok(entry) => visit(&entry, &mut walk, &mut seen),
                Err(error) => {
                    let path = error.path().unwrap_or(root).to_path_buf();
                    let reason = if error.loop_ancestor().is_some() {
                        "symbolic link loop, not followed".to_owned()
                    } else {
                        walk.unreadable.push(path.clone());
                        format!("cannot read: {error}")
                    };
                    walk.skipped.push((path, reason));
                }
            }
        }
    }
    walk.external_links = external;
    Ok(walk)
}

/// Where `entry` leads when it is a symbolic link out of every root; `None` for anything else,
/// including a broken link (walking it reports the error).
fn external_target(entry: &DirEntry, roots: &[PathBuf]) -> Option<PathBuf> {
    if entry.depth() == 0 || !entry.path_is_symlink() {
        return None;
    }
    let target = entry.path().canonicalize().ok()?;
    let inside = roots.iter().any(|root| target.starts_with(root));
    (!inside).then_some(target)
}

/// Whether to walk into or list `entry`. The root itself is always kept, even when its own name
/// starts with a dot: the user asked for it.
fn keep(entry: &DirEntry, exclude: Option<&Path>) -> bool {
    if entry.depth() == 0 {
        return true;
    }
    let hidden = entry.file_name().to_str().is_some_and(is_hidden_name);
    !hidden && exclude != Some(entry.path())
}

fn visit(entry: &DirEntry, walk: &mut Walk, seen: &mut HashSet<FileIdentity>) {
    let path = entry.path();
    if !entry.file_type().is_file() {
        walk.skipped
            .push((path.to_path_buf(), "not a regular file".to_owned()));
        return;
    }
    if !is_supported(path) {
        walk.skipped
            .push((path.to_path_buf(), UNSUPPORTED.to_owned()));
        return;
    }
    match entry.metadata() {
        Ok(metadata) => {
            // Through links (or overlapping roots) one file can be reached by two paths: read it once.
            if seen.insert(FileIdentity::of(path, &metadata)) {
                walk.files.push(SourceFile {
                    path: path.to_path_buf(),
                    size: metadata.len(),
                    mtime_ns: mtime_ns(&metadata),
                });
            }
        }
        Err(error) => {
            walk.unreadable.push(path.to_path_buf());
            walk.skipped
                .push((path.to_path_buf(), format!("cannot read metadata: {error}")));
        }
    }
}

/// What makes two paths the same file: device and inode on Unix (no system call beyond the
/// metadata already read), the path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileIdentity {
    #[cfg(unix)]
    fn of(_path: &Path, metadata: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        FileIdentity::Inode(metadata.dev(), metadata.ino())
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _metadata: &Metadata) -> Self {
        FileIdentity::Path(path.to_path_buf())
    }
}

/// Modification time in nanoseconds since the Unix epoch (negative before it, 0 when unknown).
fn mtime_ns(metadata: &Metadata) -> i128 {
    let Ok(modified) = metadata.modified() else {
        return 0;
    };
    match modified.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "title\nbody").unwrap();
    }

    fn names(paths: impl IntoIterator<Item = PathBuf>, root: &Path) -> Vec<String> {
        paths
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn walk_is_sorted_and_skips_hidden_excluded_and_unsupported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for name in [
            "b/2.txt",
            "b/10.json",
            "a.jsonl",
            "c.txt.gz",
            "d.zip",
            "notes.md",
            ".hidden.txt",
            ".git/x.txt",
            "index/meta.json",
            "z/y/deep.ndjson",
        ] {
            touch(&root.join(name));
        }
        let walk = walk_archives(std::slice::from_ref(&root), Some(&root.join("index"))).unwrap();
        let files = names(walk.files.iter().map(|f| f.path.clone()), &root);
        assert_eq!(
            files,
            [
                "a.jsonl",
                "b/10.json",
                "b/2.txt",
                "c.txt.gz",
                "d.zip",
                "z/y/deep.ndjson"
            ]
        );
        let skipped: Vec<_> = walk.skipped.iter().map(|(_, why)| why.as_str()).collect();
        assert_eq!(
            names(walk.skipped.iter().map(|s| s.0.clone()), &root),
            ["notes.md"]
        );
        assert_eq!(skipped, [UNSUPPORTED]);
        let first = &walk.files[0];
        assert!(first.path.is_absolute());
        assert_eq!(first.size, 10);
        assert!(first.mtime_ns > 0);
    }

    #[test]
    fn missing_root_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        assert!(matches!(
            walk_archives(std::slice::from_ref(&missing), None),
            Err(WalkError::MissingRoot(path)) if path == missing
        ));
        let file = dir.path().join("file.txt");
        touch(&file);
        assert!(walk_archives(&[file], None).is_err());
    }

    #[test]
    fn overlapping_roots_list_a_file_once() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("sub/a.txt"));
        let walk =
            walk_archives(&[dir.path().to_path_buf(), dir.path().join("sub")], None).unwrap();
        assert_eq!(walk.files.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed_once_and_loops_skipped() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("a/x.txt"));
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a/x.txt"), dir.path().join("link.txt"))
            .unwrap();
        let walk = walk_archives(&[dir.path().to_path_buf()], None).unwrap();
        // x.txt is reached directly and through link.txt, but read once.
        assert_eq!(walk.files.len(), 1);
        let reasons: Vec<_> = walk.skipped.iter().map(|(_, why)| why.as_str()).collect();
        assert_eq!(reasons, ["symbolic link loop, not followed"]);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folder_is_skipped_not_fatal() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("ok.txt"));
        let locked = dir.path().join("locked");
        touch(&locked.join("x.txt"));
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read_dir(&locked).is_ok() {
            // Running as root: permissions do not apply, there is nothing to test.
            fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
            eprintln!("skipping: permissions are not enforced for this user");
            return;
        }
        let walk = walk_archives(&[dir.path().to_path_buf()], None);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        let walk = walk.unwrap();
        assert_eq!(walk.files.len(), 1);
        assert_eq!(walk.unreadable, [locked]);
        assert_eq!(walk.skipped.len(), 1);
        assert!(
            walk.skipped[0].1.starts_with("cannot read"),
            "{:?}",
            walk.skipped
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_archive_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        touch(&outside.path().join("secret.txt"));
        touch(&outside.path().join("dir/inner.txt"));
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        touch(&root.join("a/x.txt"));
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, root.join(name)).unwrap();
        };
        link(&outside.path().join("secret.txt"), "passwd.txt");
        link(&outside.path().join("dir"), "data");
        link(&root.join("a/x.txt"), "inside.txt");
        link(&root.join("a"), "a-again");
        let walk = walk_archives(std::slice::from_ref(&root), None).unwrap();
        // x.txt once, through whichever path comes first; nothing from outside.
        assert_eq!(walk.files.len(), 1, "{:?}", walk.files);
        let links: Vec<_> = names(walk.external_links.iter().map(|l| l.0.clone()), &root);
        assert_eq!(links, ["data", "passwd.txt"]);
        assert!(walk.skipped.is_empty(), "{:?}", walk.skipped);

        let options = WalkOptions {
            exclude: None,
            follow_external_links: true,
        };
        let walk = walk_archives_with(std::slice::from_ref(&root), &options).unwrap();
        assert_eq!(walk.files.len(), 3, "{:?}", walk.files);
        assert!(walk.external_links.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_folder_link_is_unreadable_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        touch(&root.join("ok.txt"));
        std::os::unix::fs::symlink(root.join("unmounted"), root.join("drive")).unwrap();
        let walk = walk_archives(std::slice::from_ref(&root), None).unwrap();
        assert_eq!(walk.unreadable, [root.join("drive")]);
    }
}
