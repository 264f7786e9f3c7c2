package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;

/**
 * The folder a session has selected on its connection.
 *
 * @param name the folder's full name
 * @param uidValidity its UIDVALIDITY
 * @param uidNext its UIDNEXT when selected
 * @param readWrite whether it was opened read-write
 */
public record SelectedFolder(String name, long uidValidity, long uidNext, boolean readWrite) {
  /** Validates. */
  public SelectedFolder {
    Args.notBlank(name, "name");
    Args.positive(uidValidity, "uidValidity");
    Args.notNegative(uidNext, "uidNext");
  }
}
