//! Walking the archive folders: which files to read, in a stable order.
//!
//! Symbolic links are followed, as users link data folders into an archive; a link that loops back
//! to one of its ancestors is listed as skipped, and a file reached twice (through a link and
//! directly) is read once. Hidden files and folders and the excluded folder (the index, when it sits
//! inside the archive) are passed over silently: they are not archive content. Everything else
//! that will not be read is listed in [`Walk::skipped`] with its reason.

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
}

/// Why walking could not even start.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// An archive folder does not exist or is not a folder.
    #[error("archive folder {0} does not exist or is not a folder")]
    MissingRoot(PathBuf),
}

/// Walks `roots` (walkdir, no symlink loops), skipping hidden files and folders and the folder
/// `exclude` (the index itself, when it sits inside the archive). Paths are absolute (roots are
/// canonicalized); a file under two overlapping roots is listed once.
pub fn walk_archives(roots: &[PathBuf], exclude: Option<&Path>) -> Result<Walk, WalkError> {
    let roots = roots
        .iter()
        .map(|root| match root.canonicalize() {
            Ok(absolute) if absolute.is_dir() => Ok(absolute),
            _ => Err(WalkError::MissingRoot(root.clone())),
        })
        .collect::<Result<Vec<_>, _>>()?;
    // An index folder that does not exist yet cannot be inside the walk.
    let exclude = exclude.and_then(|path| path.canonicalize().ok());
    let mut walk = Walk::default();
    let mut seen = HashSet::new();
    for root in &roots {
        let entries = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| keep(entry, exclude.as_deref()));
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_type().is_dir() => {}
                Ok(entry) => visit(&entry, &mut walk, &mut seen),
                Err(error) => {
                    let path = error.path().unwrap_or(root).to_path_buf();
                    let reason = if error.loop_ancestor().is_some() {
                        "symbolic link loop, not followed".to_owned()
                    } else {
                        format!("cannot read: {error}")
                    };
                    walk.skipped.push((path, reason));
                }
            }
        }
    }
    Ok(walk)
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
        Err(error) => walk
            .skipped
            .push((path.to_path_buf(), format!("cannot read metadata: {error}"))),
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
        assert_eq!(walk.skipped.len(), 1);
        assert!(
            walk.skipped[0].1.starts_with("cannot read"),
            "{:?}",
            walk.skipped
        );
    }
}
