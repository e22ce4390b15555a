// The analysis chain of an exported index.json, built with Lucene's own factories (the classes
// OpenSearch and Elasticsearch build it with) through CustomAnalyzer, run over text lines.
//
// Usage: java OpenSearchParity CONF_DIR CHAIN TEXT OUT [escaped]
//   CHAIN: one component a line, fields separated by tabs (`charFilter NAME k=v...`,
//   `tokenizer NAME`, `filter NAME k=v...`), written by translate.py; parameter files are read
//   from CONF_DIR.
//   TEXT: one input a line; with `escaped`, `\n`, `\r` and `\\` in a line stand for a newline, a
//   carriage return and a backslash (tags may hold them).
//   OUT: for each input line, a line `#`, then one token a line: text<TAB>start<TAB>end (UTF-16).
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

public class OpenSearchParity {
  static Map<String, String> params(String[] parts) {
    Map<String, String> p = new HashMap<>();
    for (int i = 2; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      p.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return p;
  }

  /** The analyzer of CHAIN (translate.py's output), parameter files read from CONF. */
  static Analyzer build(String conf, String chain) throws IOException {
    CustomAnalyzer.Builder b = CustomAnalyzer.builder(Paths.get(conf));
    for (String line : Files.readAllLines(Paths.get(chain), StandardCharsets.UTF_8)) {
      if (line.isEmpty()) continue;
      String[] parts = line.split("\t");
      switch (parts[0]) {
        case "charFilter": b.addCharFilter(parts[1], params(parts)); break;
        case "tokenizer": b.withTokenizer(parts[1], params(parts)); break;
        case "filter": b.addTokenFilter(parts[1], params(parts)); break;
        default: throw new IllegalArgumentException(line);
      }
    }
    return b.build();
  }

  static String unescape(String line) {
    StringBuilder b = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char n = line.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  public static void main(String[] args) throws Exception {
    int lines = 0;
    try (Analyzer analyzer = build(args[0], args[1]);
         BufferedReader r = Files.newBufferedReader(Paths.get(args[2]), StandardCharsets.UTF_8);
         PrintWriter out = new PrintWriter(new BufferedWriter(
             new OutputStreamWriter(new FileOutputStream(args[3]), StandardCharsets.UTF_8)))) {
      boolean escaped = args.length > 4 && args[4].equals("escaped");
      for (String text; (text = r.readLine()) != null; ) {
        if (escaped) text = unescape(text);
        out.println("#");
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
          CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
          OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
          ts.reset();
          while (ts.incrementToken()) {
            out.print(term.toString());
            out.print('\t');
            out.print(off.startOffset());
            out.print('\t');
            out.println(off.endOffset());
          }
          ts.end();
        }
        lines++;
      }
    }
    System.err.printf("lucene: %d lines analyzed%n", lines);
  }
}
