package io.github.ferrymail.core;

/**
 * Why an operation failed, as classified by the executor, so that nobody parses error messages.
 * Each reason has a default {@link FailureCategory}.
 */
public enum FailureReason {
  /** The connection dropped; whether the server executed the command is unknown. */
  CONNECTION_LOST(FailureCategory.TRANSIENT),
  /** The server did not answer within the read timeout; the outcome is unknown. */
  TIMEOUT(FailureCategory.TRANSIENT),
  /** The server said {@code NO} for a reason that may pass (busy, in use, limit). */
  SERVER_BUSY(FailureCategory.TRANSIENT),
  /** The mailbox is over quota ({@code NO [OVERQUOTA]}); may pass once the user frees space. */
  QUOTA_EXCEEDED(FailureCategory.TRANSIENT),
  /** The destination folder does not exist ({@code NO [TRYCREATE]}) and was not created. */
  FOLDER_NOT_FOUND(FailureCategory.PERMANENT),
  /** The message is no longer in its folder (another client moved or expunged it). */
  MESSAGE_NOT_FOUND(FailureCategory.PERMANENT),
  /**
   * An earlier operation moved the message to a folder where its new UID could not be learned (a
   * server without UIDPLUS, a message without Message-ID), so the queue cannot name it any more.
   * Resynchronise that folder (see {@link Relocation}) and queue again with the UID found there.
   */
  MESSAGE_LOCATION_UNKNOWN(FailureCategory.PERMANENT),
  /** The folder's UIDVALIDITY changed: the stored UID may name another message now. */
  STALE_UIDVALIDITY(FailureCategory.PERMANENT),
  /** The server refused the command as malformed ({@code BAD}): a bug, retrying will not help. */
  SERVER_REJECTED(FailureCategory.PERMANENT),
  /** The server does not allow this (read-only folder, missing permission). */
  NOT_PERMITTED(FailureCategory.PERMANENT),
  /**
   * A flag change adds a keyword the folder cannot keep: its {@code PERMANENTFLAGS} neither lists
   * the keyword nor allows new ones ({@code \*}), so the server would drop it or keep it for the
   * session only. Nothing of the change is sent; the message names the keyword and the folder.
   */
  KEYWORD_NOT_STORABLE(FailureCategory.PERMANENT),
  /** The operation was invalid for this server or input (for example no trash folder is known). */
  INVALID(FailureCategory.PERMANENT),
  /**
   * The store could not read the operation back (an unknown kind, a negative UID, a checkpoint that
   * does not parse: a row written by hand or by a newer version). Failed when a claim reaches it,
   * without running anything; see {@link CorruptOperationException}.
   */
  CORRUPT_OPERATION(FailureCategory.PERMANENT),
  /**
   * Login failed: the credentials are wrong or expired, or the server offers no mechanism they may
   * be sent with (an OAuth2 token on a server without XOAUTH2), in which case they were not sent.
   * Pauses the account.
   */
  AUTHENTICATION_FAILED(FailureCategory.ACCOUNT),
  /**
   * TLS could not be established safely: the certificate is not trusted, names another host, or the
   * server does not offer the required STARTTLS. Pauses the account: retrying cannot help until its
   * configuration or the server changes, and Ferry never falls back to clear text.
   */
  TLS_FAILED(FailureCategory.ACCOUNT),
  /** Anything not classified more precisely; treated as transient so retries stay bounded. */
  UNKNOWN(FailureCategory.TRANSIENT);

  private final FailureCategory category;

  FailureReason(FailureCategory category) {
    this.category = category;
  }

  /**
   * The category the queue applies to this reason unless the retry policy overrides it.
   *
   * @return the default category
   */
  public FailureCategory category() {
    return category;
  }
}
