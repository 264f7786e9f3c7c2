package io.github.ferrymail.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Counts the IMAP commands a run sent, by name ({@code UID STORE}, {@code STORE}, {@code SELECT},
 * ...), from what {@link CountingRelay} saw. {@code LOGOUT} is left out: it is sent when the
 * connection closes, after the timed part.
 */
final class CommandTally {
  private final Map<String, Integer> byName = new TreeMap<>();
  private int total;

  CommandTally(List<String> commandNames) {
    for (String name : commandNames) {
      if (name.equals("LOGOUT")) {
        continue;
      }
      byName.merge(name, 1, Integer::sum);
      total++;
    }
  }

  /** For the report: {@code "20001 (SELECT 1, STORE 10000, UID FETCH 10000)"}. */
  @Override
  public String toString() {
    return total
        + " ("
        + byName.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "))
        + ")";
  }
}
