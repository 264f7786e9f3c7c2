package io.github.ferrymail.core;

import java.util.Locale;

/** Where a queued operation stands. */
public enum OperationStatus {
  /** Waiting to run, at or after its next-attempt time. */
  PENDING,
  /** Claimed by a worker under a lease; back to due if the lease expires. */
  IN_FLIGHT,
  /** Done on the server and recorded. Never replayed. */
  COMPLETED,
  /** Gave up (permanent error or attempts exhausted); listed, and {@code retry(id)} revives it. */
  FAILED,
  /** Superseded by coalescing, or discarded by an administrator. Never replayed. */
  CANCELLED,
  /**
   * A checked flag change found the message changed on the server since the MODSEQ the application
   * gave, under the policy {@code ASK}: it waits for the application's decision ({@code
   * QueueAdmin.keepLocal(id)} sends it again without the check, {@code keepServer(id)} cancels it).
   */
  CONFLICT;

  /**
   * Whether no further work will happen unless someone retries it.
   *
   * @return true for completed, failed, cancelled and conflict
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED || this == CONFLICT;
  }

  /**
   * Reads a stored status.
   *
   * @param name the stored name
   * @return the status
   * @throws IllegalArgumentException naming the unknown value
   */
  public static OperationStatus parse(String name) {
    if (name == null) {
      throw new NullPointerException("status == null");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown operation status: '" + name + "'", e);
    }
  }
}
