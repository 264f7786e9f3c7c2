package io.github.ferrymail.core.processor;

/** What one pass did so far, for its {@link ProcessingReport}. */
final class PassTally {
  int completed;
  int cancelled;
  int rescheduled;
  int failed;
  int deferred;
  private boolean paused;

  void paused(boolean value) {
    paused = value;
  }

  boolean paused() {
    return paused;
  }

  ProcessingReport report(String account, int claimed, boolean leaseLost) {
    return new ProcessingReport(
        account,
        claimed,
        completed,
        cancelled,
        rescheduled,
        failed,
        deferred,
        false,
        paused,
        leaseLost);
  }
}
