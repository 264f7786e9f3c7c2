package io.github.ferrymail.examples.support;

import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints what the demo server holds, as the examples show it. */
public final class ServerPrinter {
  private ServerPrinter() {}

  /**
   * Each folder with its count and its messages; INBOX messages without any flag are left out, so
   * that a large INBOX shows only what changed.
   *
   * @param out where to print
   * @param folders a {@link DemoMailServer#snapshot}
   */
  public static void folders(PrintStream out, Map<String, List<ServerMessage>> folders) {
    folders.forEach(
        (folder, messages) -> {
          out.printf("%-8s %2d message(s)%n", folder, messages.size());
          for (ServerMessage m : messages) {
            String flags = flags(m);
            if (!flags.isEmpty() || !folder.equals("INBOX")) {
              out.printf("    UID %-3d %s%s%n", m.uid(), m.subject(), flags);
            }
          }
        });
  }

  /**
   * One line per folder with its counts, for example {@code INBOX: 6 (3 read, 2 flagged)}.
   *
   * @param out where to print
   * @param account the account's name, first on the line
   * @param folders a {@link DemoMailServer#snapshot}
   */
  public static void summary(
      PrintStream out, String account, Map<String, List<ServerMessage>> folders) {
    StringBuilder line = new StringBuilder(String.format("%-5s", account));
    folders.forEach(
        (folder, messages) -> {
          long read = messages.stream().filter(ServerMessage::seen).count();
          long flagged = messages.stream().filter(ServerMessage::flagged).count();
          line.append(
              String.format(
                  "  %s: %d (%d read, %d flagged)", folder, messages.size(), read, flagged));
        });
    out.println(line);
  }

  private static String flags(ServerMessage m) {
    return (m.seen() ? "  [read]" : "")
        + (m.flagged() ? "  [flagged]" : "")
        + (m.answered() ? "  [answered]" : "")
        + (m.deleted() ? "  [deleted]" : "")
        + (m.keywords().isEmpty() ? "" : "  " + m.keywords());
  }
}
