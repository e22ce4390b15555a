// Lucene 8.7 ArabicAnalyzer as a peer of Fihris for bench/peers.sh: index the seed-format `.txt`
// files of an archive folder as Fihris does (reading and parsing them itself, on N threads), and time
// queries in-process. LuceneBatch.java (bench/retrieval.sh) is the retrieval-quality runner; this
// class is for speed and size only.
//
// Usage:
//   java LucenePeer index ARCHIVE_DIR IDXDIR STORE CODEC THREADS RAM_MB
//     STORE  `title` (title and tags stored, body indexed only: the reference runner's setting) or
//            `body` (title, tags and body stored: what Fihris keeps, so it can show the article)
//     CODEC  `speed` (Lucene87Codec's default, BEST_SPEED: LZ4) or `compression` (BEST_COMPRESSION)
//   java LucenePeer search IDXDIR LIMIT WARMUP_QUERIES QUERIES.tsv TIMINGS.tsv FACETS [Q T F ...]
//
// Fields: id (StringField, stored: the path relative to ARCHIVE_DIR), title and body (TextField,
// ArabicAnalyzer, positions), each tag a StringField (stored) and a SortedSetDocValuesFacetField
// "tag" (multi-valued), as ../shared/tools/lucene/LuceneArabic.java indexes them. Files are parsed as
// Fihris's src/reader/seed_text.rs parses them (see `parse`). THREADS threads take files from one
// shared list and add them to one IndexWriter (Lucene's own unit of indexing concurrency: a
// DocumentsWriterPerThread per adding thread); RAM_MB is setRAMBufferSizeMB. Ends with commit() and
// close(), which waits for the merges. Prints `documents<TAB>N` on stdout.
//
// search: a MultiFieldQueryParser over title and body (OR of the words; the question escaped with
// QueryParser.escape), BM25, for each (QUERIES, TIMINGS, FACETS) job in one JVM. First every job's
// queries run untimed, in whole passes over all the jobs, until at least WARMUP_QUERIES have run
// (at least one pass): the JVM compiles hot code only after thousands of calls (on the 300 keywords
// alone, one pass left the median 3.6x above its value after 20 passes; one pass over ARCD and
// keywords, with and without facets, 3,390 queries, came within 10% of two; peers.sh passes
// LUCENE_WARMUP).
// Then each job's queries run once, timed with System.nanoTime from before parsing to after the top
// LIMIT hits' stored ids are fetched and, when FACETS > 0, the FACETS most frequent tags counted by
// SortedSetDocValuesFacetCounts (its reader state built once, before the warm-up, as an
// application keeps it). Writes `qid<TAB>ms` lines to TIMINGS.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.codecs.lucene87.Lucene87Codec;
import org.apache.lucene.document.*;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;

public class LucenePeer {
  /** The longest tag line in characters, as MAX_TAG_LINE in src/reader/seed_text.rs. */
  static final int MAX_TAG_LINE = 100;

  public static void main(String[] args) throws Exception {
    if (args.length == 7 && args[0].equals("index")) {
      index(Paths.get(args[1]), Paths.get(args[2]), args[3], args[4], Integer.parseInt(args[5]),
          Integer.parseInt(args[6]));
    } else if (args.length >= 7 && (args.length - 4) % 3 == 0 && args[0].equals("search")) {
      List<Job> jobs = new ArrayList<>();
      for (int i = 4; i < args.length; i += 3) {
        jobs.add(new Job(Paths.get(args[i]), Paths.get(args[i + 1]), Integer.parseInt(args[i + 2])));
      }
      search(Paths.get(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), jobs);
    } else {
      System.err.println("usage: index ARCHIVE_DIR IDXDIR title|body speed|compression THREADS RAM_MB"
          + " | search IDXDIR LIMIT WARMUP_QUERIES (QUERIES.tsv TIMINGS.tsv FACETS)...");
      System.exit(2);
    }
  }

  /** Title, tags and body of one seed-format text, or null when it has no non-blank line. */
  static final class Article {
    String title;
    List<String> tags = new ArrayList<>();
    String body;
  }

  // The same reading as src/reader/seed_text.rs: lines split on \n and \r, trimmed, blank ones
  // dropped; title; the title again (dropped); a run of `- ` lines (tags, unless a line of it is
  // longer than MAX_TAG_LINE: then body paragraphs); the other lines are body paragraphs.
  static Article parse(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("[\n\r]")) {
      String t = line.strip();
      if (!t.isEmpty()) lines.add(t);
    }
    if (lines.isEmpty()) return null;
    Article a = new Article();
    a.title = lines.get(0);
    int i = 1;
    if (i < lines.size() && lines.get(i).equals(a.title)) i++;
    int start = i;
    boolean short_ = true;
    while (i < lines.size() && (lines.get(i).startsWith("- ") || lines.get(i).equals("-"))) {
      short_ &= lines.get(i).codePointCount(0, lines.get(i).length()) <= MAX_TAG_LINE;
      i++;
    }
    List<String> paragraphs = new ArrayList<>();
    for (String line : lines.subList(start, i)) {
      if (!short_) {
        paragraphs.add(line);
      } else if (!line.substring(1).strip().isEmpty()) {
        a.tags.add(line.substring(1).strip());
      }
    }
    paragraphs.addAll(lines.subList(i, lines.size()));
    a.body = String.join("\n", paragraphs);
    return a;
  }

  static void index(Path archive, Path dir, String store, String codec, int threads, int ramMb)
      throws Exception {
    if (!store.equals("title") && !store.equals("body")) throw new IllegalArgumentException(store);
    Lucene87Codec.Mode mode;
    if (codec.equals("speed")) mode = Lucene87Codec.Mode.BEST_SPEED;
    else if (codec.equals("compression")) mode = Lucene87Codec.Mode.BEST_COMPRESSION;
    else throw new IllegalArgumentException(codec);
    final Field.Store bodyStore = store.equals("body") ? Field.Store.YES : Field.Store.NO;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(archive)) {
      files = walk.filter(p -> p.toString().endsWith(".txt") && Files.isRegularFile(p)).sorted()
          .collect(Collectors.toList());
    }
    FacetsConfig fc = new FacetsConfig();
    fc.setMultiValued("tag", true);
    IndexWriterConfig cfg = new IndexWriterConfig(new ArabicAnalyzer())
        .setSimilarity(new BM25Similarity()).setCodec(new Lucene87Codec(mode))
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(ramMb);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger added = new AtomicInteger();
    try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), cfg)) {
      List<Thread> pool = new ArrayList<>();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        Thread th = new Thread(() -> {
          try {
            for (int k; (k = next.getAndIncrement()) < files.size(); ) {
              Path p = files.get(k);
              Article a = parse(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
              if (a == null) continue;
              Document d = new Document();
              d.add(new StringField("id", archive.relativize(p).toString(), Field.Store.YES));
              d.add(new TextField("title", a.title, Field.Store.YES));
              d.add(new TextField("body", a.body, bodyStore));
              for (String tag : new LinkedHashSet<>(a.tags)) {
                d.add(new StringField("tag", tag, Field.Store.YES));
                d.add(new SortedSetDocValuesFacetField("tag", tag));
              }
              w.addDocument(fc.build(d));
              added.incrementAndGet();
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        th.start();
        pool.add(th);
      }
      for (Thread th : pool) th.join();
      if (!failures.isEmpty()) throw new RuntimeException(failures.get(0));
      w.commit();
    }
    System.out.printf("documents\t%d%n", added.get());
  }

  /** One query set to time: its `qid<TAB>query` lines, the timings file, the facets to count. */
  static final class Job {
    final List<String[]> queries = new ArrayList<>();
    final Path timings;
    final int facets;

    Job(Path queries, Path timings, int facets) throws IOException {
      for (String line : Files.readAllLines(queries, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", 2);
        if (f.length == 2) this.queries.add(f);
      }
      this.timings = timings;
      this.facets = facets;
    }
  }

  static void search(Path dir, int limit, int warmupQueries, List<Job> jobs) throws Exception {
    try (DirectoryReader rd = DirectoryReader.open(FSDirectory.open(dir))) {
      IndexSearcher s = new IndexSearcher(rd);
      s.setSimilarity(new BM25Similarity());
      MultiFieldQueryParser parser =
          new MultiFieldQueryParser(new String[] {"title", "body"}, new ArabicAnalyzer());
      SortedSetDocValuesReaderState state = jobs.stream().anyMatch(j -> j.facets > 0)
          ? new DefaultSortedSetDocValuesReaderState(rd) : null;
      Set<String> idOnly = Collections.singleton("id");
      long[] sink = {0};
      int perPass = jobs.stream().mapToInt(j -> j.queries.size()).sum();
      int passes = Math.max(1, (warmupQueries + perPass - 1) / Math.max(1, perPass));
      for (int pass = 0; pass < passes; pass++) {
        for (Job job : jobs) {
          for (String[] q : job.queries) one(s, parser, state, idOnly, job.facets, limit, q, sink);
        }
      }
      for (Job job : jobs) {
        try (PrintWriter out =
            new PrintWriter(Files.newBufferedWriter(job.timings, StandardCharsets.UTF_8))) {
          for (String[] q : job.queries) {
            long start = System.nanoTime();
            if (one(s, parser, state, idOnly, job.facets, limit, q, sink)) {
              out.printf("%s\t%.4f%n", q[0], (System.nanoTime() - start) / 1e6);
            }
          }
        }
      }
      // Printed so that the JIT cannot drop the work whose result nothing else reads.
      System.err.printf("lucene: %d documents, %d queries a pass, %d warm-up passes (checksum %d)%n",
          rd.numDocs(), perPass, passes, sink[0]);
    }
  }

  /** Parses and runs one query (false when it does not parse): top LIMIT, their ids, the facets. */
  static boolean one(IndexSearcher s, MultiFieldQueryParser parser,
      SortedSetDocValuesReaderState state, Set<String> idOnly, int facets, int limit, String[] q,
      long[] sink) throws IOException {
    Query query;
    try {
      query = parser.parse(QueryParser.escape(q[1]));
    } catch (ParseException e) {
      System.err.printf("lucene: query %s skipped: %s%n", q[0], e.getMessage());
      return false;
    }
    TopDocs td;
    if (facets > 0) {
      FacetsCollector fcol = new FacetsCollector();
      td = FacetsCollector.search(s, query, limit, fcol);
      if (td.totalHits.value > 0) {
        FacetResult top =
            new SortedSetDocValuesFacetCounts(state, fcol).getTopChildren(facets, "tag");
        if (top != null) sink[0] += top.childCount;
      }
    } else {
      td = s.search(query, limit);
    }
    for (ScoreDoc sd : td.scoreDocs) sink[0] += s.doc(sd.doc, idOnly).get("id").length();
    return true;
  }
}
