package io.github.ferrymail.core.overlay;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The effect of an account's queued operations on its messages, for a sync engine that fetches the
 * server's state while operations are still queued.
 *
 * <pre>{@code
 * PendingOverlay overlay = PendingOverlay.read(store, account);
 * for (ServerMessage m : fetchedFromInbox) {
 *   Optional<MessageOverlay> pending = overlay.forMessage(m.ref());
 *   if (pending.map(MessageOverlay::leavesFolder).orElse(false)) continue;    // moved away
 *   Set<String> flags = pending.map(p -> p.flagsAfter(m.flags())).orElse(m.flags());
 *   myTable.save(m.ref(), flags);                                             // the user's state
 * }
 * }</pre>
 *
 * <p>Operations are grouped per message as the queue groups them: by the location they name (the
 * one the application last knew, before any queued move of it), and the overlay follows them in
 * queue order: the last wish per flag, the last relocation, a permanent delete above all. Only
 * pending and in-flight operations count; an in-flight one may have reached the server already,
 * which the overlay then repeats harmlessly (the same flags, the same folder). A message moved by
 * an in-flight move may show up in the destination under its new UID before the feed reports it:
 * {@link #arrivingIn} names the messages on their way to a folder, with their Message-IDs.
 *
 * <p>A snapshot: read it again after the queue has moved on.
 */
public final class PendingOverlay {
  private final Map<MessageRef.Key, MessageOverlay> byLocation;
  private final Map<String, MessageOverlay> byKey;

  private PendingOverlay(Map<MessageRef.Key, MessageOverlay> byLocation) {
    this.byLocation = byLocation;
    this.byKey = new HashMap<>();
    for (MessageOverlay m : byLocation.values()) {
      if (m.messageKey() != null) {
        byKey.put(m.messageKey(), m);
      }
    }
  }

  /**
   * The overlay of an account's pending and in-flight operations, read page by page from a store.
   *
   * @param store the queue
   * @param account the account key
   * @return the overlay
   */
  public static PendingOverlay read(PendingOperationStore store, String account) {
    Args.notNull(store, "store");
    Args.notBlank(account, "account");
    List<PendingOperation> all = new ArrayList<>();
    Optional<PageRequest> next = Optional.of(PageRequest.first(PageRequest.MAX_SIZE));
    while (next.isPresent()) {
      Page<PendingOperation> page = store.getPending(account, next.get());
      all.addAll(page.items());
      next = page.next();
    }
    return of(all);
  }

  /**
   * The overlay of given operations; those not pending or in flight are left out, and so are folder
   * operations and appends (they name a folder, no message of it).
   *
   * @param operations the operations, in any order
   * @return the overlay
   */
  public static PendingOverlay of(Collection<PendingOperation> operations) {
    Map<MessageRef.Key, List<PendingOperation>> groups = new LinkedHashMap<>();
    Args.notNull(operations, "operations").stream()
        .filter(PendingOverlay::live)
        .filter(op -> !op.message().isFolderOnly())
        .sorted(Comparator.comparingLong(PendingOperation::id))
        .forEach(op -> groups.computeIfAbsent(op.message().key(), k -> new ArrayList<>()).add(op));
    Map<MessageRef.Key, MessageOverlay> byLocation = new LinkedHashMap<>();
    groups.forEach((key, ops) -> byLocation.put(key, fold(ops)));
    return new PendingOverlay(byLocation);
  }

  /**
   * The overlay of the message at a location (its Message-ID is not compared).
   *
   * @param message the location the application knows
   * @return what is queued for it, or empty when nothing is
   */
  public Optional<MessageOverlay> forMessage(MessageRef message) {
    return Optional.ofNullable(byLocation.get(Args.notNull(message, "message").key()));
  }

  /**
   * The overlay of the message the application queued operations for under a key.
   *
   * @param messageKey the application's key
   * @return what is queued for it, or empty when nothing is
   */
  public Optional<MessageOverlay> forKey(String messageKey) {
    return Optional.ofNullable(byKey.get(Args.notNull(messageKey, "messageKey")));
  }

  /**
   * The messages with queued operations that are in a folder now (as the application knows them).
   *
   * @param folder the folder name
   * @return their overlays, in queue order
   */
  public List<MessageOverlay> inFolder(String folder) {
    Args.notNull(folder, "folder");
    return byLocation.values().stream().filter(m -> m.message().folder().equals(folder)).toList();
  }

  /**
   * The messages that queued moves (or restores) take to a folder.
   *
   * @param folder the folder name
   * @return their overlays, in queue order
   */
  public List<MessageOverlay> arrivingIn(String folder) {
    Args.notNull(folder, "folder");
    return byLocation.values().stream()
        .filter(m -> !m.deleted() && folder.equals(m.destination()))
        .toList();
  }

  /**
   * Every message with queued operations.
   *
   * @return the overlays, in queue order
   */
  public List<MessageOverlay> messages() {
    return List.copyOf(byLocation.values());
  }

  /**
   * Whether nothing is queued.
   *
   * @return true when no operation is pending or in flight
   */
  public boolean isEmpty() {
    return byLocation.isEmpty();
  }

  private static boolean live(PendingOperation op) {
    return op.status() == OperationStatus.PENDING || op.status() == OperationStatus.IN_FLIGHT;
  }

  private static MessageOverlay fold(List<PendingOperation> ops) {
    MessageRef message = ops.get(0).message();
    @Nullable String key = null;
    Map<String, String> spelling = new HashMap<>();
    Map<String, Boolean> wishes = new LinkedHashMap<>();
    @Nullable String destination = null;
    boolean toTrash = false;
    boolean deleted = false;
    for (PendingOperation op : ops) {
      if (op.messageKey() != null) {
        key = op.messageKey();
      }
      Operation operation = op.operation();
      if (operation instanceof Operation.FlagChange) {
        Operation.FlagChange change = (Operation.FlagChange) operation;
        change.delta().add().forEach(f -> wish(spelling, wishes, f, true));
        change.delta().remove().forEach(f -> wish(spelling, wishes, f, false));
      } else if (op.kind().isRelocation()) {
        toTrash = op.kind() == OperationKind.MOVE_TO_TRASH;
        destination = toTrash ? null : operation.destination();
        if (destination != null && destination.equals(message.folder())) {
          destination = null; // moved back where it is
        }
      } else if (op.kind().isDeletion() || op.kind() == OperationKind.REPLACE) {
        deleted = true; // a replaced version is deleted once its successor is appended
      }
    }
    Map<String, Boolean> flags = new LinkedHashMap<>();
    wishes.forEach((lower, set) -> flags.put(spelling.get(lower), set));
    return new MessageOverlay(message, key, flags, destination, toTrash, deleted, ops);
  }

  private static void wish(
      Map<String, String> spelling, Map<String, Boolean> wishes, String flag, boolean set) {
    String lower = flag.toLowerCase(Locale.ROOT);
    spelling.put(lower, flag);
    wishes.remove(lower); // the latest wish goes last
    wishes.put(lower, set);
  }
}
