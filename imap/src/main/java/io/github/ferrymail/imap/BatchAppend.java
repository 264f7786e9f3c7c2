package io.github.ferrymail.imap;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewMessage;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append or replace (a batch of one), for {@link ImapOperationExecutor}: the bytes from the
 * {@link MessageContentProvider}, {@link AtomicImapSession#append} with the operation's checkpoint
 * from an earlier attempt, then for a replace the old version's permanent delete. A retry after a
 * connection lost between the two finds the new version by its token and only deletes.
 */
final class BatchAppend {
  private static final Logger LOG = LoggerFactory.getLogger(BatchAppend.class);

  private final AtomicImapSession session;
  private final OperationBatch batch;
  private final CheckpointSink sink;
  private final MessageContentProvider contents;

  BatchAppend(
      AtomicImapSession session,
      OperationBatch batch,
      CheckpointSink sink,
      MessageContentProvider contents) {
    this.session = session;
    this.batch = batch;
    this.sink = sink;
    this.contents = contents;
  }

  BatchResult run() {
    PendingOperation op = batch.operations().get(0);
    String folder;
    NewMessage message;
    MessageRef old = null;
    if (op.operation() instanceof Operation.Replace replace) {
      folder = replace.folder();
      message = replace.content();
      old = replace.message();
    } else {
      Operation.Append append = (Operation.Append) op.operation();
      folder = append.folder();
      message = append.content();
    }
    AppendResult result =
        session.append(
            folder,
            content(op.account(), message.contentKey()),
            message.flags(),
            message.internalDate(),
            op.checkpoint(),
            sink);
    if (old != null) {
      deleteOld(op, old);
    }
    OperationOutcome outcome =
        result
            .location(op.account())
            .map(OperationOutcome::succeeded)
            .orElseGet(() -> OperationOutcome.movedUidUnknown(folder));
    return new BatchResult(Map.of(op.id(), outcome));
  }

  private MessageContent content(String account, String key) {
    MessageContent content;
    try {
      content = contents.content(account, key);
    } catch (IOException | RuntimeException e) {
      throw new OperationFailedException(
          FailureReason.UNKNOWN, "cannot read the content '" + key + "' to append: " + e, e);
    }
    if (content == null) {
      throw new ImapOperationException(
          FailureReason.MESSAGE_NOT_FOUND,
          contents == MessageContentProvider.NONE
              ? "no MessageContentProvider configured (ImapOperationExecutor.Builder.messageContent)"
                  + " to give the bytes of '"
                  + key
                  + "'"
              : "the content provider has no message under '" + key + "' of " + account,
          null,
          null);
    }
    return content;
  }

  /**
   * Deletes the replaced version. The new one is stored: a permanent failure here (the old one
   * gone, its folder renamed) leaves the replace done, with a warning; a transient one is thrown,
   * and the retry finds the new version by its token before deleting again.
   */
  private void deleteOld(PendingOperation op, MessageRef old) {
    try {
      session.permanentDelete(old.folder(), old.uidValidity(), List.of(old.uid()));
    } catch (OperationFailedException e) {
      if (e.category() != FailureCategory.PERMANENT) {
        throw e;
      }
      LOG.warn(
          "Operation {}: new version appended, but the replaced {} was not deleted ({}): {}",
          op.id(),
          old,
          e.reason(),
          e.getMessage());
    }
  }
}
