package io.github.ferrymail.core.processor;

/**
 * What one call of {@link QueueProcessor#processPendingOperations(String)} did.
 *
 * @param account the account key
 * @param claimed operations claimed, over all passes
 * @param completed operations that took effect
 * @param cancelled operations cancelled by coalescing
 * @param rescheduled operations that failed transiently and will be retried
 * @param failed operations that failed for good
 * @param deferred operations left pending to keep their message's order (see {@link
 *     QueueProcessor})
 * @param accountBusy true when another worker held the account or it was paused, so nothing ran
 * @param accountPaused true when this call paused the account after an account-level failure
 * @param leaseLost true when the lease was taken over mid-way and this call stopped
 */
public record ProcessingReport(
    String account,
    int claimed,
    int completed,
    int cancelled,
    int rescheduled,
    int failed,
    int deferred,
    boolean accountBusy,
    boolean accountPaused,
    boolean leaseLost) {

  static ProcessingReport busy(String account) {
    return new ProcessingReport(account, 0, 0, 0, 0, 0, 0, true, false, false);
  }

  ProcessingReport plus(ProcessingReport other) {
    return new ProcessingReport(
        account,
        claimed + other.claimed,
        completed + other.completed,
        cancelled + other.cancelled,
        rescheduled + other.rescheduled,
        failed + other.failed,
        deferred + other.deferred,
        accountBusy && other.accountBusy,
        accountPaused || other.accountPaused,
        leaseLost || other.leaseLost);
  }

  /**
   * Whether any operation got an outcome (so another pass may find more work).
   *
   * @return true when something was completed, cancelled, rescheduled or failed
   */
  public boolean madeProgress() {
    return completed + cancelled + rescheduled + failed > 0;
  }
}
