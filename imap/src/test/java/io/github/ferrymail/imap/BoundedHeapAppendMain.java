package io.github.ferrymail.imap;

import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.support.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Appends one message file in a JVM with a small heap, for {@link BoundedHeapAppendTest}: {@code
 * host port user password folder file stream|bytes}. With {@code stream} the file is read as it is
 * sent; {@code bytes} reads it into memory first (the control, which a heap smaller than the file
 * cannot do). Prints the new UID.
 */
final class BoundedHeapAppendMain {
  private BoundedHeapAppendMain() {}

  public static void main(String[] args) throws Exception {
    Endpoint endpoint = new Endpoint(args[0], Integer.parseInt(args[1]), args[2], args[3]);
    Path file = Path.of(args[5]);
    MessageContent content =
        "bytes".equals(args[6])
            ? MessageContent.of(Files.readAllBytes(file))
            : MessageContent.of(file);
    try (AtomicImapSession session = AtomicImapSession.open(endpoint.account().build())) {
      AppendResult result =
          session.append(args[4], content, Set.of(), null, null, CheckpointSink.NONE);
      System.out.println("appended UID " + result.uid());
    }
  }
}
