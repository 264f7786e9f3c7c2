package io.github.ferrymail.spring;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.processor.QueueAdmin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The queue's health: UP while the store answers, with the paused accounts, the failed and pending
 * counts and the age of the oldest due operation as details; DOWN when the store cannot be read, or
 * above the thresholds {@code ferry.health.max-failed} and {@code ferry.health.max-due-age} when
 * they are set. A paused account alone is not DOWN: the pause is the queue handling a bad account.
 */
public class FerryHealthIndicator extends AbstractHealthIndicator {
  private final QueueAdmin admin;
  private final FerryProperties.Health thresholds;
  private final Clock clock;

  /**
   * Creates the indicator.
   *
   * @param admin the queue's admin facade
   * @param thresholds when to report DOWN
   * @param clock the clock the age is measured on
   */
  public FerryHealthIndicator(QueueAdmin admin, FerryProperties.Health thresholds, Clock clock) {
    super("Ferry's queue cannot be read");
    this.admin = admin;
    this.thresholds = thresholds;
    this.clock = clock;
  }

  @Override
  @SuppressWarnings("deprecation") // pausedAccounts(): the map shape is what the details show
  protected void doHealthCheck(Health.Builder builder) {
    Map<OperationStatus, Long> counts = admin.counts(null);
    Map<String, Instant> paused = admin.pausedAccounts();
    long failed = counts.getOrDefault(OperationStatus.FAILED, 0L);
    Duration dueAge =
        admin
            .oldestDue()
            .map(due -> Duration.between(due, clock.instant()))
            .filter(age -> !age.isNegative())
            .orElse(Duration.ZERO);
    boolean down =
        (thresholds.getMaxFailed() != null && failed > thresholds.getMaxFailed())
            || (thresholds.getMaxDueAge() != null
                && dueAge.compareTo(thresholds.getMaxDueAge()) > 0);
    (down ? builder.down() : builder.up())
        .withDetail("pausedAccounts", paused)
        .withDetail("failed", failed)
        .withDetail("pending", counts.getOrDefault(OperationStatus.PENDING, 0L))
        .withDetail("inFlight", counts.getOrDefault(OperationStatus.IN_FLIGHT, 0L))
        .withDetail("oldestDueAgeSeconds", dueAge.toSeconds());
  }
}
