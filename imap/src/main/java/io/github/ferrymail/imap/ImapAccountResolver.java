package io.github.ferrymail.imap;

/**
 * Finds the IMAP account behind one of the application's account keys. The executor calls it the
 * first time it meets an account key (and again after {@link ImapOperationExecutor#evict}).
 * Implementations typically read the application's own account table and a secret store.
 */
@FunctionalInterface
public interface ImapAccountResolver {
  /**
   * The account for a key.
   *
   * @param accountKey the application's account key, as in {@link
   *     io.github.ferrymail.core.MessageRef#account()}
   * @return the account
   * @throws io.github.ferrymail.core.OperationFailedException when the account cannot be resolved
   *     (use {@link io.github.ferrymail.core.FailureReason#AUTHENTICATION_FAILED} to pause the
   *     account)
   */
  ImapAccount resolve(String accountKey);
}
