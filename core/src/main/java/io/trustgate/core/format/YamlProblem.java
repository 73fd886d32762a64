package io.trustgate.core.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML parse error in one line: where (1-based line and column, 0 when unknown) and what,
 * without SnakeYAML's multi-line excerpt.
 */
public record YamlProblem(int line, int column, String problem) {

  // Jackson 2 deprecates its MarkedYAMLException wrapper, but it is the only way to SnakeYAML's
  // problem and mark without depending on SnakeYAML directly.
  @SuppressWarnings("deprecation")
  public static YamlProblem of(JsonProcessingException e) {
    int line = 0;
    int column = 0;
    String problem = e.getOriginalMessage();
    if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      // SnakeYAML's own mark points at the offending character; its message spans several lines.
      line = marked.getProblemMark().getLine() + 1;
      column = marked.getProblemMark().getColumn() + 1;
      problem = marked.getProblem() + (marked.getContext() == null ? "" : " (" + marked.getContext() + ")");
    } else if (e.getLocation() != null) {
      line = e.getLocation().getLineNr();
      column = e.getLocation().getColumnNr();
    }
    return new YamlProblem(Math.max(line, 0), Math.max(column, 0), Messages.firstLine(problem, "invalid YAML"));
  }
}
