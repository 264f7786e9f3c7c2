package io.github.ferrymail.imap;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Where the executor finds the bytes of a message to append ({@link
 * io.github.ferrymail.core.NewMessage#contentKey()}): the application's own store of outgoing mail
 * and drafts. The queue keeps only the key, so a 25 MB attachment never passes through the queue's
 * database, and once the append has completed the application may drop the bytes (the completed
 * operation's location tells it where the message is now).
 *
 * <p>Called on a processor worker thread when the append runs, possibly again on a retry; it must
 * return the same bytes each time (an edited draft is a new {@link
 * io.github.ferrymail.core.Operation#replace}, under a key of its own).
 */
@FunctionalInterface
public interface MessageContentProvider {

  /** No contents: every append fails permanently, saying that no provider was configured. */
  MessageContentProvider NONE = (account, key) -> null;

  /**
   * The bytes stored under a key.
   *
   * @param account the account key of the append
   * @param contentKey the key the application queued the append with
   * @return the bytes, or null when the application has none under that key any more (the append
   *     then fails permanently, {@link io.github.ferrymail.core.FailureReason#MESSAGE_NOT_FOUND})
   * @throws IOException when they cannot be read now (the append is retried later)
   */
  @Nullable MessageContent content(String account, String contentKey) throws IOException;
}
