package io.github.ferrymail.testing;

import io.github.ferrymail.core.FolderAction;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import org.jspecify.annotations.Nullable;

/**
 * What a completed folder operation does to the operations queued after it, up to the next folder
 * operation on the same folder: a rename re-points those that name the old folder (as the folder of
 * their message or as a destination), a delete cancels them. Stores apply it in the transaction
 * that records the folder operation.
 *
 * <p>Folders below the renamed or deleted one are not matched: their names depend on the server's
 * hierarchy separator, and the application queues operations after the rename under their new names
 * in any case (docs/operations.md, "Folders").
 *
 * <p>A copy of core's internal class of the same name, for the reason given on {@link Args}; the
 * store contract's {@code Folders} and {@code Pausing} tests hold both stores to the same result.
 */
final class FolderFollowUp {
  private FolderFollowUp() {}

  /**
   * Whether {@code later} names {@code folder}, as its message's folder or its destination.
   *
   * @param later an operation queued after the folder operation
   * @param folder the renamed or deleted folder
   * @return true when it names the folder
   */
  static boolean namesFolder(Operation later, String folder) {
    return later.message().folder().equals(folder) || folder.equals(later.destination());
  }

  /**
   * Whether {@code later} is a folder operation that ends the follow-up of {@code done}: one on the
   * same folder, or one that gives another folder its name.
   *
   * @param done the completed folder operation
   * @param later an operation queued after it
   * @return true when the follow-up stops at {@code later}
   */
  static boolean endsFollowUp(Operation.FolderChange done, Operation later) {
    return later instanceof Operation.FolderChange && namesFolder(later, done.folder());
  }

  /**
   * {@code later} after a rename of {@code from} to {@code to}: the folders it names re-pointed.
   *
   * @param later an operation that {@linkplain #namesFolder names} {@code from}
   * @param from the old name
   * @param to the new name
   * @return the re-pointed operation
   */
  static Operation renamed(Operation later, String from, String to) {
    MessageRef m = later.message();
    MessageRef message =
        m.folder().equals(from)
            ? new MessageRef(m.account(), to, m.uidValidity(), m.uid(), m.messageId())
            : m;
    @Nullable String destination = from.equals(later.destination()) ? to : later.destination();
    return Operation.of(later.kind(), message, destination, later.payload());
  }

  /**
   * The reason given to an operation cancelled by a folder's deletion.
   *
   * @param deleteId the id of the delete
   * @param folder the deleted folder
   * @return the reason
   */
  static String deletedReason(long deleteId, String folder) {
    return "folder '" + folder + "' was deleted by operation " + deleteId;
  }

  /**
   * The completed folder operation's follow-up action, or null when it has none (create, subscribe,
   * unsubscribe).
   *
   * @param op a folder operation
   * @return {@link FolderAction#RENAME}, {@link FolderAction#DELETE} or null
   */
  static @Nullable FolderAction followUp(Operation.FolderChange op) {
    return op.action() == FolderAction.RENAME || op.action() == FolderAction.DELETE
        ? op.action()
        : null;
  }
}
