package io.github.ferrymail.imap;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.internal.Args;
import java.util.Optional;

/**
 * Where an appended message is.
 *
 * @param folder the folder it was appended to
 * @param uidValidity the folder's UIDVALIDITY
 * @param uid its UID, from APPENDUID (UIDPLUS) or else found by the token header; 0 when the server
 *     stored it but neither told nor let it be found
 * @param recovered whether an earlier attempt had appended it already (found by its token after a
 *     lost connection) rather than this call
 */
public record AppendResult(String folder, long uidValidity, long uid, boolean recovered) {

  /** Validates. */
  public AppendResult {
    Args.notBlank(folder, "folder");
    Args.positive(uidValidity, "uidValidity");
    Args.notNegative(uid, "uid");
  }

  /**
   * The new message's location.
   *
   * @param account the account key to put in the reference
   * @return the location, or empty when its UID is unknown
   */
  public Optional<MessageRef> location(String account) {
    return uid == 0
        ? Optional.empty()
        : Optional.of(MessageRef.of(account, folder, uidValidity, uid));
  }
}
