package io.github.ferrymail.core.overlay;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What everything still queued for one message will do to it: the flags it will have, the folder it
 * will be in, whether it will be gone. A sync engine applies the server's state first and this
 * after, so a change the user made is shown until the queue has replayed it, and never flickers
 * back.
 *
 * @param message where the operations name the message (the location the application last knew)
 * @param messageKey the application's key of the message, if an operation was queued with one
 * @param flags the final wish per flag, in the spelling queued: true to be set, false to be clear;
 *     flags not named keep the server's state
 * @param destination the folder the message will be in, when a queued move takes it elsewhere; null
 *     when it stays (or moves to the trash, see {@code toTrash})
 * @param toTrash whether it will be in the account's trash folder (whose name the executor finds)
 * @param deleted whether it will be gone for good (a queued permanent delete)
 * @param operations the pending and in-flight operations on the message, in queue order
 */
public record MessageOverlay(
    MessageRef message,
    @Nullable String messageKey,
    Map<String, Boolean> flags,
    @Nullable String destination,
    boolean toTrash,
    boolean deleted,
    List<PendingOperation> operations) {

  /** Copies. */
  public MessageOverlay {
    Args.notNull(message, "message");
    flags = Collections.unmodifiableMap(new LinkedHashMap<>(Args.notNull(flags, "flags")));
    operations = List.copyOf(Args.notNull(operations, "operations"));
  }

  /**
   * Whether the message will no longer be in the folder it is queued in: moved away, trashed or
   * deleted. A sync of that folder hides it even while the server still lists it there.
   *
   * @return true when it leaves its folder
   */
  public boolean leavesFolder() {
    return deleted || toTrash || destination != null;
  }

  /**
   * The flags the message will have: the server's, with the queued wishes applied (IMAP flags are
   * compared without regard to case).
   *
   * @param serverFlags the flags the server reports now
   * @return the flags to show
   */
  public Set<String> flagsAfter(Collection<String> serverFlags) {
    Map<String, String> shown = new LinkedHashMap<>();
    for (String flag : Args.notNull(serverFlags, "serverFlags")) {
      shown.put(flag.toLowerCase(Locale.ROOT), flag);
    }
    flags.forEach(
        (flag, set) -> {
          String key = flag.toLowerCase(Locale.ROOT);
          if (set) {
            shown.putIfAbsent(key, flag);
          } else {
            shown.remove(key);
          }
        });
    return Collections.unmodifiableSet(new LinkedHashSet<>(shown.values()));
  }
}
