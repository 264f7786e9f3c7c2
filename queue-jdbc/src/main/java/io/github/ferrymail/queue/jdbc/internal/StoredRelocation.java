package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Relocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the relocation a completed row keeps ({@code moved_folder}, {@code moved_uid_validity},
 * {@code moved_uid}) without trusting it: a value written by hand or by a newer version must not
 * stop every claim of the account (forwarding reads these columns in the claim's transaction) nor
 * the feed. A location that does not validate is never guessed at: with a usable folder it reads as
 * "moved there, UID unknown", so that operations following the message fail with {@code
 * MESSAGE_LOCATION_UNKNOWN} instead of touching another message; without one, as no relocation.
 */
final class StoredRelocation {
  private static final Logger LOG = LoggerFactory.getLogger(StoredRelocation.class);

  private StoredRelocation() {}

  static @Nullable Relocation read(
      long id,
      String account,
      @Nullable String folder,
      @Nullable Long uidValidity,
      @Nullable Long uid,
      @Nullable String messageId) {
    if (folder == null) {
      return null;
    }
    Relocation unknown;
    try {
      unknown = Relocation.uidUnknown(folder);
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "operation {}: ignoring its relocation, which cannot be read back: {}",
          id,
          e.getMessage());
      return null;
    }
    if (uid == null || uidValidity == null) {
      return unknown;
    }
    try {
      return Relocation.to(new MessageRef(account, folder, uidValidity, uid, messageId));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "operation {}: its relocation to '{}' cannot be read back ({}); its new UID counts as"
              + " unknown",
          id,
          folder,
          e.getMessage());
      return unknown;
    }
  }
}
