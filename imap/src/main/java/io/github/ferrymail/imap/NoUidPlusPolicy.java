package io.github.ferrymail.imap;

/**
 * What a move or permanent delete does on a server without UIDPLUS (RFC 4315), which has no {@code
 * UID EXPUNGE}: a plain {@code EXPUNGE} there removes every message flagged {@code \Deleted} in the
 * folder, including messages another client flagged and meant to keep until its own expunge.
 */
public enum NoUidPlusPolicy {
  /**
   * Copy, then set {@code \Deleted} on the originals and stop there: nothing is ever expunged, so
   * no other client's message can be lost. The originals stay in the source folder, hidden by most
   * clients, until some client expunges the folder. The default.
   */
  LEAVE_DELETED_FLAG,
  /**
   * Copy, set {@code \Deleted} on the originals, then clear {@code \Deleted} on every other message
   * so flagged, {@code EXPUNGE}, and set it again on those. Racy: a message another client flags
   * {@code \Deleted} between the search and the expunge is expunged with ours. Choose it only when
   * no other client uses the account's {@code \Deleted} flag concurrently.
   */
  SCOPED_EXPUNGE
}
