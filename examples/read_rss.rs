//! Reads every archive file given on the command line with `reader::read_file_each`, counting
//! articles and problems without keeping them: the reader's own memory, without an index, for
//! `bench/zip_rss.sh` (`READER_ONLY=1`).

use fihris::reader::{read_file_each, ReadOptions, Record};

fn main() {
    let options = ReadOptions::default();
    for path in std::env::args().skip(1) {
        let (mut articles, mut problems) = (0u64, 0u64);
        let read = read_file_each(path.as_ref(), &options, &mut |record| match record {
            Record::Article(_) => articles += 1,
            Record::Problem(_) => problems += 1,
        });
        println!("{path}: {articles} articles, {problems} problems, {read:?}");
    }
}
