// Ranking through the exported chain: index `id<TAB>title<TAB>body` lines in Lucene 8.7 with BM25
// (k1=1.2, b=0.75) into title, body (fihris_arabic) and title.exact, body.exact (fihris_exact), and
// run the search template's query over `qid<TAB>question` lines: per field, any of the words the
// field's search analyzer makes, boosted as the template says, summed (multi_match most_fields).
//
// Usage: java OpenSearchRanking CONF_PREFIX BOOSTS DOCS.tsv QUERIES.tsv RUN
//   CONF_PREFIX: translate.py's outputs are CONF_PREFIX-ANALYZER{,.chain};
//   BOOSTS: title,body,title.exact,body.exact (from search-template.json).
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

public class OpenSearchRanking {
  static Analyzer chain(String prefix, String name) throws IOException {
    return OpenSearchParity.build(prefix + "-" + name, prefix + "-" + name + ".chain");
  }

  static List<String> terms(Analyzer a, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = a.tokenStream("q", text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(t.toString());
      ts.end();
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    String prefix = args[0];
    String[] b = args[1].split(",");
    String[] fields = {"title", "body", "title.exact", "body.exact"};
    Analyzer stemmed = chain(prefix, "fihris_arabic"), exact = chain(prefix, "fihris_exact");
    Analyzer stemmedQuery = chain(prefix, "fihris_arabic_query"), exactQuery = chain(prefix, "fihris_exact_query");
    Map<String, Analyzer> perField = new HashMap<>();
    perField.put("title.exact", exact);
    perField.put("body.exact", exact);
    Analyzer index = new PerFieldAnalyzerWrapper(stemmed, perField);
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    IndexWriterConfig cfg = new IndexWriterConfig(index).setSimilarity(new BM25Similarity()).setRAMBufferSizeMB(256);
    int docs = 0;
    try (IndexWriter w = new IndexWriter(dir, cfg);
         BufferedReader r = Files.newBufferedReader(Paths.get(args[2]), StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t", -1);
        Document d = new Document();
        d.add(new StringField("id", f[0], Field.Store.YES));
        for (int i = 0; i < 4; i++) d.add(new TextField(fields[i], f[1 + i % 2], Field.Store.NO));
        w.addDocument(d);
        docs++;
      }
    }
    int queries = 0;
    try (DirectoryReader rd = DirectoryReader.open(dir);
         BufferedReader r = Files.newBufferedReader(Paths.get(args[3]), StandardCharsets.UTF_8);
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(args[4]), StandardCharsets.UTF_8))) {
      IndexSearcher s = new IndexSearcher(rd);
      s.setSimilarity(new BM25Similarity());
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t", 2);
        if (f.length < 2) continue;
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        for (int i = 0; i < 4; i++) {
          BooleanQuery.Builder field = new BooleanQuery.Builder();
          for (String t : terms(i < 2 ? stemmedQuery : exactQuery, f[1])) {
            field.add(new TermQuery(new Term(fields[i], t)), BooleanClause.Occur.SHOULD);
          }
          q.add(new BoostQuery(field.build(), Float.parseFloat(b[i])), BooleanClause.Occur.SHOULD);
        }
        ScoreDoc[] hits = s.search(q.build(), 100).scoreDocs;
        for (int i = 0; i < hits.length; i++) {
          out.printf("%s Q0 %s %d %.6f opensearch%n", f[0], s.doc(hits[i].doc).get("id"), i + 1, hits[i].score);
        }
        queries++;
      }
    }
    System.err.printf("lucene: %d documents, %d queries%n", docs, queries);
  }
}
