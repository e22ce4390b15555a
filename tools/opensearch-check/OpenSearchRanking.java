// Ranking through the exported chain and template: index the bulk documents in Lucene 8.7 with BM25
// (k1=1.2, b=0.75) into the fields the search template's multi_match names, each through its
// index.json analyzer, and run the template's query over `qid<TAB>question` lines: per field, any of
// the words the field's search analyzer makes, boosted as the template says, summed (most_fields).
//
// A JSON array in a bulk document (Fihris's combined `text`: the title written TextWeights.title
// times, each tag TextWeights.tags times, then the body) is indexed as OpenSearch does: one field
// instance per value, all inverted into one field of the document. So its length (the BM25 norm)
// counts the tokens of every value, as tantivy's fieldnorm does (one IndexingPosition over all
// values); the run checks that on every 10th document and fails if a norm differs. Between values
// OpenSearch leaves a position gap of 100 (`position_increment_gap`; tantivy leaves 1): it moves
// positions only, so it changes phrases across values, never BM25's term frequencies or lengths.
//
// The proximity bonus (the template's optional `pairs`, Fihris's `proximity_bonus`): the question's
// runs of consecutive plain words (pairRuns), each analyzed with the pairs field's search analyzer
// (question words dropped), every pair of consecutive terms but two equal ones, at most 12 per
// question, becomes PhraseQuery(pair, slop)^boost as a SHOULD clause next to the MUST main query;
// field, slop and boost are the template's match_phrase. The sloppy match scores differently:
// Lucene's SloppyPhraseMatcher counts each match as 1/(1+distance) (so a sloppy pair's BM25 tf is
// below its exact count), tantivy's PhraseScorer counts each match within the slop as 1.
//
// Usage: java OpenSearchRanking CONF_PREFIX FIELDS DOCS QUERIES.tsv RUN PAIRS [EXPLAIN_QIDS]
//   CONF_PREFIX: translate.py's outputs are CONF_PREFIX-ANALYZER{,.chain};
//   FIELDS, DOCS, PAIRS: ranking_input.py's outputs (`FIELD SOURCE ANALYZER SEARCH_ANALYZER BOOST
//   INDEX_OPTIONS SIMILARITY`
//   lines; `ID<TAB>SOURCE=VALUE...` lines, escaped; `FIELD SEARCH_ANALYZER SLOP BOOST`, or empty
//   for no bonus);
//   EXPLAIN_QIDS: comma-separated query ids whose top 10 are explained on stderr.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.PerFieldSimilarityWrapper;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.SmallFloat;

public class OpenSearchRanking {
  /** OpenSearch's default position_increment_gap for text fields. */
  static final int POSITION_INCREMENT_GAP = 100;

  static final class SearchedField {
    final String name, source, analyzer, searchAnalyzer;
    final float boost;
    /** The mapping's index_options as a Lucene field type. */
    final FieldType type;
    /** The mapping's similarity: `BM25` or `fihris_presence` ({@link Presence}). */
    final String similarity;

    SearchedField(String line) {
      String[] p = line.trim().split(" ");
      if (p.length != 7) throw new IllegalArgumentException("fields line: " + line);
      name = p[0];
      source = p[1];
      analyzer = p[2];
      searchAnalyzer = p[3];
      boost = Float.parseFloat(p[4]);
      type = new FieldType(TextField.TYPE_NOT_STORED);
      switch (p[5]) {
        case "docs": type.setIndexOptions(IndexOptions.DOCS); break;
        case "freqs": type.setIndexOptions(IndexOptions.DOCS_AND_FREQS); break;
        case "positions": break;
        default: throw new IllegalArgumentException("index_options " + p[5] + ": " + line);
      }
      type.freeze();
      similarity = p[6];
      if (!similarity.equals("BM25") && !similarity.equals("fihris_presence"))
        throw new IllegalArgumentException("similarity " + similarity + ": " + line);
    }
  }

  /**
   * The export's `fihris_presence` scripted similarity: BM25 (k1 1.2, b 0.75, the same norms) with
   * the term frequency read as at most one, as Fihris scores its documents-only `text_exact`.
   */
  static final class Presence extends Similarity {
    final BM25Similarity bm25 = new BM25Similarity();

    @Override
    public long computeNorm(FieldInvertState state) {
      return bm25.computeNorm(state);
    }

    @Override
    public SimScorer scorer(float boost, CollectionStatistics collection, TermStatistics... terms) {
      SimScorer inner = bm25.scorer(boost, collection, terms);
      return new SimScorer() {
        @Override
        public float score(float freq, long norm) {
          return inner.score(Math.min(freq, 1f), norm);
        }

        @Override
        public Explanation explain(Explanation freq, long norm) {
          float capped = Math.min(freq.getValue().floatValue(), 1f);
          return inner.explain(Explanation.match(capped, "freq, at most 1", freq), norm);
        }
      };
    }
  }

  /** Each searched field's similarity, by name; BM25 for the rest. */
  static Similarity similarities(List<SearchedField> fields) {
    Map<String, Similarity> byField = new HashMap<>();
    Similarity bm25 = new BM25Similarity(), presence = new Presence();
    for (SearchedField f : fields) byField.put(f.name, f.similarity.equals("fihris_presence") ? presence : bm25);
    return new PerFieldSimilarityWrapper() {
      @Override
      public Similarity get(String name) {
        return byField.getOrDefault(name, bm25);
      }
    };
  }

  /** The bonus's clause limit: Fihris's `Engine::MAX_PROXIMITY_PAIRS`. */
  static final int MAX_PAIRS = 12;

  /** The template's match_phrase for each pair: field, search analyzer, slop, boost. */
  static final class Pairs {
    final String field, searchAnalyzer;
    final int slop;
    final float boost;

    Pairs(String line) {
      String[] p = line.trim().split(" ");
      if (p.length != 4) throw new IllegalArgumentException("pairs line: " + line);
      field = p[0];
      searchAnalyzer = p[1];
      slop = Integer.parseInt(p[2]);
      boost = Float.parseFloat(p[3]);
    }
  }

  /** Characters that end a word in tantivy's query grammar (its ESCAPE_IN_WORD). */
  static final String WORD_END = "^`:{}\"'[]()\\";

  /**
   * The question's runs of consecutive plain words, as Fihris's `plain_word_runs` finds them at
   * the top level of the parsed query, for the syntax ARCD's questions use: a quoted phrase, a
   * parenthesized group, a +/- word, a word with `*` and any other character that ends a tantivy
   * word (a stray `)`, `'`, `[`...) end the run; colons become spaces (Fihris's
   * `neutralize_colons`: no ARCD question names a field). A clause written again at the top level
   * is skipped without ending the run, as tantivy's grammar drops duplicate clauses (`جبران خليل
   * جبران` is the run `جبران خليل`). Not modelled, since no ARCD question has them: AND/OR/NOT,
   * escapes, `~N`, field names, ranges. Runs of one word are dropped.
   */
  static List<List<String>> pairRuns(String question) {
    List<List<String>> runs = new ArrayList<>();
    List<String> run = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String q = question.replace(':', ' ');
    int i = 0, n = q.length();
    while (i < n) {
      char c = q.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      boolean plain = true;
      int start = i;
      if (c == '"') {
        int end = q.indexOf('"', i + 1);
        i = end < 0 ? n : end + 1;
        plain = false;
      } else if (c == '(') {
        int depth = 0;
        for (; i < n; i++) {
          if (q.charAt(i) == '(') depth++;
          else if (q.charAt(i) == ')' && --depth == 0) break;
        }
        i++;
        plain = false;
      } else if (WORD_END.indexOf(c) >= 0) {
        i++;
        plain = false;
      } else {
        while (i < n && !Character.isWhitespace(q.charAt(i)) && WORD_END.indexOf(q.charAt(i)) < 0) i++;
        plain = c != '+' && c != '-' && q.charAt(i - 1) != '*';
      }
      String clause = q.substring(start, Math.min(i, n));
      if (!seen.add(clause)) continue;
      if (plain) run.add(clause);
      else {
        runs.add(run);
        run = new ArrayList<>();
      }
    }
    runs.add(run);
    runs.removeIf(r -> r.size() < 2);
    return runs;
  }

  /** The bonus's phrase queries for `question`, as Fihris's `proximity_bonus` builds them. */
  static List<Query> pairQueries(Pairs p, Analyzer a, String question) throws IOException {
    List<Query> out = new ArrayList<>();
    if (p.boost <= 0) return out;
    for (List<String> run : pairRuns(question)) {
      List<String> t = terms(a, p.field, String.join(" ", run));
      for (int i = 0; i + 1 < t.size(); i++) {
        if (out.size() == MAX_PAIRS) return out;
        if (t.get(i).equals(t.get(i + 1))) continue;
        out.add(new BoostQuery(new PhraseQuery(p.slop, p.field, t.get(i), t.get(i + 1)), p.boost));
      }
    }
    return out;
  }

  static Map<String, Analyzer> built = new HashMap<>();

  static Analyzer chain(String prefix, String name) throws IOException {
    Analyzer a = built.get(name);
    if (a == null) {
      a = OpenSearchParity.build(prefix + "-" + name, prefix + "-" + name + ".chain");
      built.put(name, a);
    }
    return a;
  }

  static List<String> terms(Analyzer a, String field, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = a.tokenStream(field, text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(t.toString());
      ts.end();
    }
    return out;
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        b.append(c);
        continue;
      }
      char n = s.charAt(++i);
      b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
    }
    return b.toString();
  }

  public static void main(String[] args) throws Exception {
    String prefix = args[0];
    List<SearchedField> fields = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) fields.add(new SearchedField(line));
    }
    Pairs pairs = null;
    for (String line : Files.readAllLines(Paths.get(args[5]), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) pairs = new Pairs(line);
    }
    Set<String> explain = new HashSet<>(args.length > 6 ? Arrays.asList(args[6].split(",")) : List.of());
    Map<String, Analyzer> perField = new HashMap<>();
    for (SearchedField f : fields) perField.put(f.name, chain(prefix, f.analyzer));
    Analyzer index = new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
      @Override
      protected Analyzer getWrappedAnalyzer(String field) {
        return perField.get(field);
      }

      @Override
      public int getPositionIncrementGap(String field) {
        return POSITION_INCREMENT_GAP;
      }
    };
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    IndexWriterConfig cfg = new IndexWriterConfig(index).setSimilarity(similarities(fields)).setRAMBufferSizeMB(256);
    // Expected norm bytes of every 10th document, per field: SmallFloat.intToByte4 of all its
    // values' tokens, or of its distinct terms for a documents-only field (BM25Similarity's
    // computeNorm; no token here has a position increment of 0).
    Map<String, Map<String, Long>> expectedNorms = new HashMap<>();
    int docs = 0;
    long values = 0;
    try (IndexWriter w = new IndexWriter(dir, cfg);
         BufferedReader r = Files.newBufferedReader(Paths.get(args[2]), StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] items = line.split("\t", -1);
        String id = unescape(items[0]);
        Document d = new Document();
        d.add(new StringField("id", id, Field.Store.YES));
        Map<String, Long> lengths = docs % 10 == 0 ? new HashMap<>() : null;
        // A documents-only field's length is its number of distinct terms (Lucene 8's BM25).
        Map<String, Set<String>> distinct = new HashMap<>();
        for (int i = 1; i < items.length; i++) {
          int eq = items[i].indexOf('=');
          String source = items[i].substring(0, eq), value = unescape(items[i].substring(eq + 1));
          values++;
          for (SearchedField f : fields) {
            if (!f.source.equals(source)) continue;
            d.add(new Field(f.name, value, f.type));
            if (lengths == null) continue;
            if (f.type.indexOptions() == IndexOptions.DOCS)
              distinct.computeIfAbsent(f.name, k -> new HashSet<>()).addAll(terms(perField.get(f.name), f.name, value));
            else
              lengths.merge(f.name, (long) terms(perField.get(f.name), f.name, value).size(), Long::sum);
          }
        }
        if (lengths != null) {
          for (Map.Entry<String, Set<String>> e : distinct.entrySet()) lengths.put(e.getKey(), (long) e.getValue().size());
          expectedNorms.put(id, lengths);
        }
        w.addDocument(d);
        docs++;
      }
    }
    int queries = 0, pairClauses = 0;
    try (DirectoryReader rd = DirectoryReader.open(dir);
         BufferedReader r = Files.newBufferedReader(Paths.get(args[3]), StandardCharsets.UTF_8);
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(args[4]), StandardCharsets.UTF_8))) {
      IndexSearcher s = new IndexSearcher(rd);
      s.setSimilarity(similarities(fields));
      int checked = 0, wrong = 0;
      for (LeafReaderContext leaf : rd.leaves()) {
        LeafReader lr = leaf.reader();
        for (SearchedField f : fields) {
          NumericDocValues norms = lr.getNormValues(f.name);
          for (int doc = 0; doc < lr.maxDoc(); doc++) {
            Map<String, Long> lengths = expectedNorms.get(lr.document(doc).get("id"));
            if (lengths == null) continue;
            long length = lengths.getOrDefault(f.name, 0L);
            long norm = norms != null && norms.advanceExact(doc) ? norms.longValue() : 0;
            checked++;
            if (norm != (length == 0 ? 0 : SmallFloat.intToByte4((int) length))) {
              if (wrong++ < 5) System.err.printf("norm of %s in doc %d: %d, expected %d tokens%n", f.name, doc, norm, length);
            }
          }
        }
      }
      System.err.printf("lucene: norms checked %d (every 10th document x %d fields), %d differ%n", checked, fields.size(), wrong);
      if (wrong > 0) System.exit(1);
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t", 2);
        if (f.length < 2) continue;
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        for (SearchedField field : fields) {
          BooleanQuery.Builder any = new BooleanQuery.Builder();
          for (String t : terms(chain(prefix, field.searchAnalyzer), field.name, f[1])) {
            any.add(new TermQuery(new Term(field.name, t)), BooleanClause.Occur.SHOULD);
          }
          q.add(new BoostQuery(any.build(), field.boost), BooleanClause.Occur.SHOULD);
        }
        Query query = q.build();
        List<Query> bonus = pairs == null ? List.of() : pairQueries(pairs, chain(prefix, pairs.searchAnalyzer), f[1]);
        if (!bonus.isEmpty()) {
          BooleanQuery.Builder with = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST);
          for (Query b : bonus) with.add(b, BooleanClause.Occur.SHOULD);
          query = with.build();
          pairClauses += bonus.size();
        }
        ScoreDoc[] hits = s.search(query, 100).scoreDocs;
        for (int i = 0; i < hits.length; i++) {
          String id = s.doc(hits[i].doc).get("id");
          out.printf("%s Q0 %s %d %.6f opensearch%n", f[0], id, i + 1, hits[i].score);
          if (i < 10 && explain.contains(f[0])) {
            System.err.printf("== %s rank %d %s%n%s", f[0], i + 1, id, s.explain(query, hits[i].doc));
          }
        }
        queries++;
      }
    }
    System.err.printf("lucene: %d documents (%d field values), %d queries, %d pair clauses%s%n", docs, values, queries,
        pairClauses, pairs == null ? " (the template has no pairs)" : String.format(" (%s, slop %d, boost %s)", pairs.field, pairs.slop, pairs.boost));
  }
}
