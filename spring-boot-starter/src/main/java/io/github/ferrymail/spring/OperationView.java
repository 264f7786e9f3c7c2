package io.github.ferrymail.spring;

import io.github.ferrymail.core.PendingOperation;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One operation as the actuator endpoint shows it: plain fields, so that any JSON mapper renders it
 * the same way.
 *
 * @param id the operation's id
 * @param kind its kind
 * @param payload the kind's data (a flag change's delta), or null
 * @param account the account key
 * @param folder the folder it names
 * @param uidValidity the folder's UIDVALIDITY
 * @param uid the message's UID (0 for a folder operation)
 * @param destination a move's or copy's destination, or null
 * @param messageKey the application's key, or null
 * @param status its status
 * @param attempts attempts so far
 * @param lastError the last error, or null
 * @param createdAt when it was queued
 * @param nextAttemptAt when it is next due
 * @param finishedAt when it finished, or null
 */
public record OperationView(
    long id,
    String kind,
    @Nullable String payload,
    String account,
    String folder,
    long uidValidity,
    long uid,
    @Nullable String destination,
    @Nullable String messageKey,
    String status,
    int attempts,
    @Nullable String lastError,
    Instant createdAt,
    Instant nextAttemptAt,
    @Nullable Instant finishedAt) {

  /**
   * The view of an operation.
   *
   * @param op the operation
   * @return its view
   */
  public static OperationView of(PendingOperation op) {
    return new OperationView(
        op.id(),
        op.kind().name(),
        op.operation().payload(),
        op.account(),
        op.message().folder(),
        op.message().uidValidity(),
        op.message().uid(),
        op.operation().destination(),
        op.messageKey(),
        op.status().name(),
        op.attempts(),
        op.lastError(),
        op.createdAt(),
        op.nextAttemptAt(),
        op.finishedAt());
  }
}
