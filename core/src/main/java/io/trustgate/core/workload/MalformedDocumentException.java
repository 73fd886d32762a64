package io.trustgate.core.workload;

/**
 * A YAML stream that cannot be read as Kubernetes objects: a syntax error, a duplicate key, or a
 * document that is not a mapping. The message names the document (1-based, counting empty ones)
 * and, when known, the line and column.
 */
public final class MalformedDocumentException extends Exception {

  private final int document;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param source a file name, or {@code null}
   * @param document 1-based document number in the stream
   * @param line 1-based, or 0 when unknown
   * @param column 1-based, or 0 when unknown
   * @param problem what is wrong, one sentence
   */
  MalformedDocumentException(
      String source, int document, int line, int column, String problem) {
    super(describe(source, document, line, column, problem));
    this.document = document;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  public int document() {
    return document;
  }

  /** 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }

  private static String describe(
      String source, int document, int line, int column, String problem) {
    StringBuilder out = new StringBuilder();
    if (source != null) {
      out.append(source).append(": ");
    }
    out.append("YAML document ").append(document);
    if (line > 0) {
      out.append(", line ").append(line);
      if (column > 0) {
        out.append(", column ").append(column);
      }
    }
    return out.append(": ").append(problem).toString();
  }
}
