package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * The builders and the admin facade fed nulls, zero, negative and huge numbers: a value is kept or
 * refused at once with its name; nothing accepted may fail later in the scheduler's arithmetic.
 */
class BuilderHostileInputTest {
  private static final InMemoryPendingOperationStore STORE = new InMemoryPendingOperationStore();

  @Provide
  Arbitrary<Duration> duration() {
    return Arbitraries.oneOf(
            Arbitraries.longs().map(Duration::ofNanos),
            Arbitraries.longs().between(-3, 3).map(Duration::ofMillis),
            Arbitraries.longs().between(-1, Long.MAX_VALUE / 86_400).map(Duration::ofDays),
            Arbitraries.of(
                Duration.ZERO,
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
                Duration.ofSeconds(Long.MIN_VALUE),
                Duration.ofDays(1),
                Duration.ofDays(1).plusNanos(1),
                Duration.ofDays(365_000),
                Duration.ofDays(365_000).plusNanos(1)))
        .injectNull(0.05);
  }

  @Provide
  Arbitrary<Integer> count() {
    return Arbitraries.oneOf(
        Arbitraries.integers(),
        Arbitraries.integers().between(-2, 2),
        Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 10_000, 10_001));
  }

  @Property(tries = 500)
  void retryPolicyDurationsAreKeptWithinAThousandYearsOrRefusedByName(
      @ForAll("duration") Duration value, @ForAll @IntRange(min = 0, max = 3) int which) {
    String[] names = {"initialBackoff", "maxBackoff", "accountPause", "maxAccountPause"};
    String name = names[which];
    boolean ok =
        value != null
            && !value.isNegative()
            && !value.isZero()
            && value.compareTo(RetryPolicy.MAX_DURATION) <= 0;
    RetryPolicy.Builder b = RetryPolicy.builder();

    Throwable thrown =
        catchThrowable(
            () -> {
              switch (which) {
                case 0 -> b.initialBackoff(value).maxBackoff(RetryPolicy.MAX_DURATION);
                case 1 -> b.initialBackoff(Duration.ofNanos(1)).maxBackoff(value);
                case 2 -> b.accountPause(value).maxAccountPause(RetryPolicy.MAX_DURATION);
                default -> b.accountPause(Duration.ofNanos(1)).maxAccountPause(value);
              }
            });

    assertKeptOrNamed(thrown, ok, name);
    if (ok) {
      // Whatever was accepted works for any number of failures at any storable time.
      RetryPolicy policy = b.build();
      for (int failures : new int[] {1, 2, 31, 32, 63, 64, Integer.MAX_VALUE}) {
        Duration backoff = policy.backoff(failures);
        assertThat(backoff).isBetween(Duration.ZERO, RetryPolicy.MAX_DURATION);
        assertThat(policy.accountPause(failures))
            .isBetween(Duration.ZERO, RetryPolicy.MAX_DURATION);
        policy.decide(transientFailure(), 0, Instant.parse("9999-12-31T23:59:59Z"));
      }
    }
  }

  @Property(tries = 300)
  void aRetryPolicyWithAnyAcceptedSettingsNeverSchedulesBeyondItsCeiling(
      @ForAll @IntRange(min = 1) int maxAttempts,
      @ForAll @IntRange(min = 0, max = 1_000_000) int attemptsBefore,
      @ForAll("fraction") double fraction) {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(maxAttempts)
            .initialBackoff(Duration.ofSeconds(5))
            .maxBackoff(Duration.ofMinutes(15))
            .random(() -> fraction)
            .build();
    Instant now = Instant.parse("2026-03-01T10:00:00Z");

    RetryPolicy.Decision decision = policy.decide(transientFailure(), attemptsBefore, now);

    if (attemptsBefore + 1L >= maxAttempts) {
      assertThat(decision.action()).isEqualTo(RetryPolicy.Decision.Action.FAIL);
    } else {
      assertThat(decision.retryAt()).isBetween(now, now.plus(Duration.ofMinutes(15)));
    }
  }

  @Provide
  Arbitrary<Double> fraction() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(
            Double.NaN,
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            -0.0,
            0.0,
            0.999_999_999,
            1.0,
            Double.MAX_VALUE));
  }

  @Property(tries = 200)
  void maxAttemptsAreKeptOrNamed(@ForAll("count") int value) {
    Throwable thrown = catchThrowable(() -> RetryPolicy.builder().maxAttempts(value).build());
    assertKeptOrNamed(thrown, value >= 1, "maxAttempts");
  }

  @Property(tries = 500)
  void processorDurationsAreKeptWithinADayOrRefusedByName(
      @ForAll("duration") Duration value, @ForAll @IntRange(min = 0, max = 2) int which) {
    boolean ok =
        value != null
            && !value.isNegative()
            && !value.isZero()
            && value.compareTo(QueueProcessor.MAX_DURATION) <= 0
            && (which != 1 || value.compareTo(QueueProcessor.MIN_POLL_INTERVAL) >= 0);
    String[] names = {"leaseDuration", "pollInterval", "shutdownTimeout"};
    Consumer<QueueProcessor.Builder> set =
        switch (which) {
          case 0 -> b -> b.leaseDuration(value);
          case 1 -> b -> b.pollInterval(value);
          default -> b -> b.shutdownTimeout(value);
        };

    Throwable thrown = catchThrowable(() -> set.accept(builder()));

    assertKeptOrNamed(thrown, ok, names[which]);
  }

  @Property(tries = 300)
  void processorCountsAreKeptOrRefusedByName(
      @ForAll("count") int value, @ForAll @IntRange(min = 0, max = 3) int which) {
    String[] names = {"workerThreads", "claimLimit", "maxBatchSize", "maxPasses"};
    boolean ok = value >= 1 && (which != 0 || value <= QueueProcessor.MAX_WORKER_THREADS);
    Consumer<QueueProcessor.Builder> set =
        switch (which) {
          case 0 -> b -> b.workerThreads(value);
          case 1 -> b -> b.claimLimit(value);
          case 2 -> b -> b.maxBatchSize(value);
          default -> b -> b.maxPasses(value);
        };

    Throwable thrown = catchThrowable(() -> set.accept(builder()));

    assertKeptOrNamed(thrown, ok, names[which]);
  }

  @Property(tries = 20)
  void aProcessorAtTheLimitsStartsPollsAndCloses(@ForAll @IntRange(min = 0, max = 1) int lease) {
    // Before the limits, Integer.MAX_VALUE worker threads made the poller ask the store for a
    // negative number of accounts, and a huge shutdown timeout overflowed in close().
    try (QueueProcessor processor =
        builder()
            .workerThreads(QueueProcessor.MAX_WORKER_THREADS)
            .leaseDuration(lease == 0 ? Duration.ofNanos(1) : QueueProcessor.MAX_DURATION)
            .pollInterval(QueueProcessor.MAX_DURATION)
            .shutdownTimeout(QueueProcessor.MAX_DURATION)
            .claimLimit(Integer.MAX_VALUE)
            .maxBatchSize(Integer.MAX_VALUE)
            .maxPasses(Integer.MAX_VALUE)
            .build()) {
      processor.start();
      assertThat(processor.processAllDue()).isNotNull();
    }
  }

  @Property(tries = 300)
  void theAdminFacadeNamesABadAccountAndFindsNothingForUnknownIds(
      @ForAll long id, @ForAll("account") String account) {
    QueueAdmin admin = builder().build().admin();
    boolean okAccount = account != null && !account.isBlank();

    assertThat(admin.get(id)).isEmpty();
    assertThat(admin.retry(id)).isFalse();
    assertThat(admin.discard(id)).isFalse();
    assertKeptOrNamed(
        catchThrowable(() -> admin.pending(account, PageRequest.first(10))), okAccount, "account");
    assertKeptOrNamed(
        catchThrowable(() -> admin.failed(account, PageRequest.first(10))), okAccount, "account");
    assertKeptOrNamed(catchThrowable(() -> admin.resume(account)), okAccount, "account");
    assertKeptOrNamed(catchThrowable(() -> admin.retryAllFailed(account)), okAccount, "account");
    assertKeptOrNamed(catchThrowable(() -> admin.pending("acct", null)), false, "page");
  }

  @Provide
  Arbitrary<String> account() {
    return Arbitraries.of("acct", "", " ", "\t\n", "x'; DROP TABLE ferry_accounts;--", "😀")
        .injectNull(0.2);
  }

  @Property(tries = 300)
  void pageRequestsAreKeptOrRefusedByName(@ForAll long afterId, @ForAll("count") int size) {
    boolean okId = afterId >= 0;
    boolean okSize = size >= 1 && size <= PageRequest.MAX_SIZE;

    Throwable thrown = catchThrowable(() -> new PageRequest(afterId, size));

    if (okId && okSize) {
      assertThat(thrown).isNull();
    } else {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
      assertThat(thrown.getMessage()).startsWith(okId ? "size " : "afterId ");
    }
  }

  @Property(tries = 50)
  void builderArgumentsThatMustBeGivenAreNamed(@ForAll @IntRange(min = 0, max = 6) int which) {
    String[] names = {
      "store", "executor", "retryPolicy", "clock", "listener", "workerId", "workerId"
    };
    Throwable thrown =
        catchThrowable(
            () -> {
              switch (which) {
                case 0 ->
                    QueueProcessor.builder(
                        null, (batch, sink) -> new BatchResult(java.util.Map.of()));
                case 1 -> QueueProcessor.builder(STORE, null);
                case 2 -> builder().retryPolicy(null);
                case 3 -> builder().clock(null);
                case 4 -> builder().listener(null);
                case 5 -> builder().workerId(" ");
                default -> builder().workerId("w\0");
              }
            });
    assertKeptOrNamed(thrown, false, names[which]);
  }

  private static QueueProcessor.Builder builder() {
    return QueueProcessor.builder(STORE, (batch, sink) -> new BatchResult(java.util.Map.of()));
  }

  private static OperationFailedException transientFailure() {
    return new OperationFailedException(FailureReason.CONNECTION_LOST, "dropped");
  }

  private static void assertKeptOrNamed(@Nullable Throwable thrown, boolean ok, String name) {
    if (ok) {
      assertThat(thrown).as(name + " accepted").isNull();
      return;
    }
    assertThat(thrown)
        .as(name + " refused")
        .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
    assertThat(thrown.getMessage()).startsWith(name + " ");
  }

  @Property(tries = 1)
  void aThousandYearBackoffIsTheMostAccepted() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxBackoff must be at most");
  }
}
