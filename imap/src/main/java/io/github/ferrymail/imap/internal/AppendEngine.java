package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.AppendResult;
import io.github.ferrymail.imap.AtomicImapSession;
import io.github.ferrymail.imap.ImapOperationException;
import io.github.ferrymail.imap.MessageContent;
import io.github.ferrymail.imap.SelectedFolder;
import io.github.ferrymail.imap.ServerCapabilities;
import jakarta.mail.Flags;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.imap.AppendUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append made exactly once: checkpoint (folder, UIDVALIDITY, UIDNEXT, token), then {@code
 * APPEND} of the message with the token header; after a lost connection, the token is searched for
 * first. The token is the checkpoint's only Message-ID entry, under key 1.
 */
final class AppendEngine {
  private static final Logger LOG = LoggerFactory.getLogger(AppendEngine.class);
  private static final long TOKEN_KEY = 1L;

  private final ImapWire wire;
  private final ServerCapabilities capabilities;

  AppendEngine(ImapWire wire, ServerCapabilities capabilities) {
    this.wire = wire;
    this.capabilities = capabilities;
  }

  AppendResult append(
      String folder,
      MessageContent content,
      Set<String> flags,
      @Nullable Instant internalDate,
      @Nullable Checkpoint earlier,
      CheckpointSink checkpoints) {
    long size = content.size();
    if (size < 1 || size > MessageContent.MAX_SIZE) {
      throw new ImapOperationException(
          FailureReason.INVALID,
          "message content of " + size + " bytes: must be 1 to " + MessageContent.MAX_SIZE,
          null,
          null);
    }
    String token = earlier == null ? null : tokenOf(earlier, folder);
    if (token != null) {
      long found =
          find(folder, earlier.destinationUidValidity(), earlier.destinationUidNext(), token);
      if (found > 0) {
        LOG.info("Append to '{}': found as UID {} from an earlier attempt", folder, found);
        return new AppendResult(folder, wire.select(folder).uidValidity(), found, true);
      }
    } else {
      token = UUID.randomUUID().toString();
    }
    long[] status = wire.status(folder);
    long uidValidity = status[0];
    checkpoints.save(
        new Checkpoint(
            folder,
            uidValidity,
            folder,
            uidValidity,
            Math.max(1, status[1]),
            Map.of(TOKEN_KEY, token)));
    AppendUID appended =
        wire.append(
            folder,
            flagsOf(flags),
            internalDate == null ? null : Date.from(internalDate),
            new TokenedLiteral(token, content));
    if (appended != null && capabilities.uidPlus() && appended.uid > 0) {
      return new AppendResult(folder, appended.uidvalidity, appended.uid, false);
    }
    long found = find(folder, uidValidity, Math.max(1, status[1]), token);
    if (found == 0) {
      LOG.warn("Append to '{}': stored, but its UID could not be found by its token", folder);
    }
    return new AppendResult(folder, wire.select(folder).uidValidity(), found, false);
  }

  /** The token of an earlier attempt's checkpoint for this folder, or null. */
  private static @Nullable String tokenOf(Checkpoint earlier, String folder) {
    if (!earlier.destinationFolder().equals(folder)) {
      LOG.warn(
          "Append to '{}': ignoring a checkpoint for '{}'", folder, earlier.destinationFolder());
      return null;
    }
    return earlier.messageIds().get(TOKEN_KEY);
  }

  /**
   * The UID of the message carrying the token, or 0: searched among UIDs from {@code uidNext} on
   * when the folder's UIDVALIDITY is still {@code uidValidity}, else in the whole folder. A NOOP
   * first brings a view selected before the append up to date (see {@link ImapWire#select(String,
   * long, SortedSet)}).
   */
  private long find(String folder, long uidValidity, long uidNext, String token) {
    SelectedFolder selected = wire.select(folder);
    wire.command("NOOP", null, "NOOP in '" + folder + "'");
    String range = selected.uidValidity() == uidValidity ? uidNext + ":*" : "1:*";
    SortedSet<Long> hits =
        wire.uidSearch("UID " + range + " HEADER " + AtomicImapSession.APPEND_HEADER + " " + token);
    if (hits.size() > 1) {
      LOG.warn(
          "Append to '{}': token {} found on {} messages: {}", folder, token, hits.size(), hits);
    }
    return hits.isEmpty() ? 0 : hits.first();
  }

  private static Flags flagsOf(Set<String> names) {
    Flags flags = new Flags();
    for (String name : names) {
      switch (name) {
        case FlagDelta.SEEN -> flags.add(Flags.Flag.SEEN);
        case FlagDelta.ANSWERED -> flags.add(Flags.Flag.ANSWERED);
        case FlagDelta.FLAGGED -> flags.add(Flags.Flag.FLAGGED);
        case FlagDelta.DRAFT -> flags.add(Flags.Flag.DRAFT);
        default -> flags.add(name);
      }
    }
    return flags;
  }

  /** The message with the token header on top, streamed in chunks as the literal is written. */
  private static final class TokenedLiteral implements Literal {
    private final byte[] header;
    private final MessageContent content;

    TokenedLiteral(String token, MessageContent content) {
      this.header =
          (AtomicImapSession.APPEND_HEADER + ": " + token + "\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      this.content = content;
    }

    @Override
    public int size() {
      return Math.toIntExact(header.length + content.size());
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(header);
      long left = content.size();
      byte[] chunk = new byte[(int) Math.min(MessageContent.CHUNK_SIZE, left)];
      try (InputStream in = content.open()) {
        while (left > 0) {
          int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
          if (n < 0) {
            throw new IOException(
                "message content ended " + left + " bytes short of its size " + content.size());
          }
          out.write(chunk, 0, n);
          left -= n;
        }
      }
    }
  }
}
