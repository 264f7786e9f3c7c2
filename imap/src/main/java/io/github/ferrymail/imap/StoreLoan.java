package io.github.ferrymail.imap;

/**
 * An account's batches running on the embedder's own {@code IMAPStore}, from {@link
 * ImapOperationExecutor#lend} until {@link #close()}.
 */
public final class StoreLoan implements AutoCloseable {
  private final String accountKey;
  private final Runnable end;
  private boolean ended;

  StoreLoan(String accountKey, Runnable end) {
    this.accountKey = accountKey;
    this.end = end;
  }

  /**
   * The account whose store is lent.
   *
   * @return the account key
   */
  public String accountKey() {
    return accountKey;
  }

  /**
   * Ends the loan: waits for a batch running on the store, then gives the account back to the
   * executor's own sessions. The store stays open, the embedder's. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (!ended) {
      ended = true;
      end.run();
    }
  }
}
