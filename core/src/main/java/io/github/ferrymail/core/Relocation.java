package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a move, trash or restore took a message, or where a copy put the copy: the destination
 * folder and, when the server told it (COPYUID, or a Message-ID search), the message's (or the
 * copy's) location there. A copy's relocation names the copy; the original stays where it was.
 *
 * <p>A relocation whose UID is unknown ({@link #uidKnown()} false) happens on servers without
 * UIDPLUS for messages without a Message-ID. The queue then cannot name the message any more:
 * operations queued later for its old location fail with {@link
 * FailureReason#MESSAGE_LOCATION_UNKNOWN}, and the application resynchronises {@link #folder()}.
 *
 * @param folder the destination folder's full name
 * @param location the message's new location, or null when its UID is unknown
 */
public record Relocation(String folder, @Nullable MessageRef location) {

  /** Validates that the location, when known, is in the folder. */
  public Relocation {
    Args.notBlank(folder, "folder");
    if (location != null && !location.folder().equals(folder)) {
      throw new IllegalArgumentException(
          "location " + location + " is not in folder '" + folder + "'");
    }
  }

  /**
   * The message is at {@code location}.
   *
   * @param location its new location
   * @return the relocation
   */
  public static Relocation to(MessageRef location) {
    Args.notNull(location, "location");
    return new Relocation(location.folder(), location);
  }

  /**
   * The message is in {@code folder} under a UID nobody knows.
   *
   * @param folder the destination folder
   * @return the relocation
   */
  public static Relocation uidUnknown(String folder) {
    return new Relocation(folder, null);
  }

  /**
   * Whether the new UID is known.
   *
   * @return true when {@link #location()} is set
   */
  public boolean uidKnown() {
    return location != null;
  }

  /**
   * The new location, when known.
   *
   * @return the location, or empty
   */
  public Optional<MessageRef> knownLocation() {
    return Optional.ofNullable(location);
  }

  @Override
  public String toString() {
    return location != null ? location.toString() : folder + ";UID=unknown";
  }
}
