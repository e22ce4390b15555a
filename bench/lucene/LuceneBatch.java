// Lucene 8.7 ArabicAnalyzer + BM25 (k1=1.2, b=0.75) over title + body, as the reference figures in
// ../shared were measured, but in batch: index a TSV of `id<TAB>title<TAB>body` lines and write a
// TREC run of `qid<TAB>question` lines (top 100), so that bench/retrieval.sh can score Lucene and
// Fihris in the same run. Questions are escaped (QueryParser.escape) and parsed as any-term queries.
//
// Usage: java LuceneBatch DOCS.tsv IDXDIR QUERIES.tsv RUN
//   DOCS.tsv `-` searches the index already in IDXDIR (built by an earlier run) without rebuilding it.
// Prints `lucene: N documents, M queries` (N counted in the index searched) on stderr.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;

public class LuceneBatch {
  public static void main(String[] args) throws Exception {
    ArabicAnalyzer analyzer = new ArabicAnalyzer();
    if (!args[0].equals("-")) {
      index(analyzer, args[0], args[1]);
    }
    int docs;
    int queries = 0;
    try (DirectoryReader rd = DirectoryReader.open(FSDirectory.open(Paths.get(args[1])));
         BufferedReader r = Files.newBufferedReader(Paths.get(args[2]), StandardCharsets.UTF_8);
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(args[3]), StandardCharsets.UTF_8))) {
      docs = rd.numDocs();
      IndexSearcher s = new IndexSearcher(rd);
      s.setSimilarity(new BM25Similarity());
      MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer);
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t", 2);
        if (f.length < 2) continue;
        Query q = parser.parse(QueryParser.escape(f[1]));
        ScoreDoc[] hits = s.search(q, 100).scoreDocs;
        for (int i = 0; i < hits.length; i++) {
          out.printf("%s Q0 %s %d %.6f lucene%n", f[0], s.doc(hits[i].doc).get("id"), i + 1, hits[i].score);
        }
        queries++;
      }
    }
    System.err.printf("lucene: %d documents, %d queries%n", docs, queries);
  }

  // A new index of the id<TAB>title<TAB>body lines of DOCS in IDXDIR (replacing what was there).
  static void index(ArabicAnalyzer analyzer, String docs, String dir) throws IOException {
    IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(256);
    try (IndexWriter w = new IndexWriter(FSDirectory.open(Paths.get(dir)), cfg);
         BufferedReader r = Files.newBufferedReader(Paths.get(docs), StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t", -1);
        Document d = new Document();
        d.add(new StringField("id", f[0], Field.Store.YES));
        d.add(new TextField("title", f[1], Field.Store.NO));
        d.add(new TextField("body", f[2], Field.Store.NO));
        w.addDocument(d);
      }
      w.commit();
    }
  }
}
