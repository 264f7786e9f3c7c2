package io.github.ferrymail.core.retry;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.internal.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decides what happens after a failed attempt: retry later (exponential backoff with full jitter,
 * capped), fail the operation, or pause the whole account. Immutable; build it with {@link
 * #builder()}.
 *
 * <p>With the defaults an operation is tried {@value #DEFAULT_MAX_ATTEMPTS} times; the n-th retry
 * waits a random time between zero and {@code min(maxBackoff, initialBackoff * 2^(n-1))} ("full
 * jitter", so that many clients failing together do not retry together).
 */
public final class RetryPolicy {
  /** Attempts before an operation is failed. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The backoff ceiling of the first retry. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(5);

  /** The largest backoff of any retry. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(15);

  /** How long an account waits after an account-level failure, doubled while it keeps failing. */
  public static final Duration DEFAULT_ACCOUNT_PAUSE = Duration.ofMinutes(5);

  /** The longest account pause. */
  public static final Duration DEFAULT_MAX_ACCOUNT_PAUSE = Duration.ofHours(1);

  /**
   * The longest backoff or pause a policy accepts, about 1,000 years: far longer ones overflow
   * millisecond arithmetic ({@link Duration#toMillis()}) or schedule past what stores hold (the
   * JDBC store ends at the year 9999).
   */
  public static final Duration MAX_DURATION = Duration.ofDays(365_000);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration accountPause;
  private final Duration maxAccountPause;
  private final boolean jitter;
  private final DoubleSupplier random;
  private final Function<Throwable, FailureCategory> classifier;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.accountPause = b.accountPause;
    this.maxAccountPause = b.maxAccountPause;
    this.jitter = b.jitter;
    this.random = b.random;
    this.classifier = b.classifier;
  }

  /**
   * The default policy.
   *
   * @return a policy with every default
   */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The most attempts an operation gets.
   *
   * @return max attempts
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Classifies a failure. By default an {@link OperationFailedException}, thrown directly or found
   * among the causes of what was thrown (a worker pool may wrap it), carries its own category;
   * anything else (a bug, an unexpected runtime exception) is transient, so attempts stay bounded.
   *
   * @param failure the failure
   * @return its category
   * @throws NullPointerException when a custom classifier returns null
   */
  public FailureCategory classify(Throwable failure) {
    Args.notNull(failure, "failure");
    FailureCategory category = classifier.apply(failure);
    if (category == null) {
      throw new NullPointerException(
          "classifier returned null for " + failure.getClass().getName());
    }
    return category;
  }

  /**
   * The wait before the next attempt.
   *
   * @param failedAttempts attempts failed so far, including the one just failed (at least 1)
   * @return the backoff
   */
  public Duration backoff(int failedAttempts) {
    Args.positive(failedAttempts, "failedAttempts");
    Duration ceiling = exponential(initialBackoff, maxBackoff, failedAttempts);
    if (!jitter) {
      return ceiling;
    }
    double fraction = random.getAsDouble();
    // A source outside [0, 1) must neither exceed the cap nor schedule into the past.
    if (!(fraction > 0)) {
      fraction = 0;
    } else if (fraction > 1) {
      fraction = 1;
    }
    return Duration.ofMillis((long) (ceiling.toMillis() * fraction));
  }

  /**
   * How long to pause an account after its n-th account-level failure in a row.
   *
   * @param consecutiveFailures the count, at least 1
   * @return the pause
   */
  public Duration accountPause(int consecutiveFailures) {
    Args.positive(consecutiveFailures, "consecutiveFailures");
    return exponential(accountPause, maxAccountPause, consecutiveFailures);
  }

  /**
   * The decision for an operation that just failed.
   *
   * @param failure the failure
   * @param attemptsBefore the attempts it had failed before this one
   * @param now the current time
   * @return retry at a time, fail, or pause the account
   */
  public Decision decide(Throwable failure, int attemptsBefore, Instant now) {
    Args.notNegative(attemptsBefore, "attemptsBefore");
    Args.notNull(now, "now");
    FailureCategory category = classify(failure);
    int failed = attemptsBefore + 1;
    switch (category) {
      case ACCOUNT:
        return new Decision(Decision.Action.PAUSE_ACCOUNT, category, null);
      case PERMANENT:
        return new Decision(Decision.Action.FAIL, category, null);
      case TRANSIENT:
      default:
        if (failed >= maxAttempts) {
          return new Decision(Decision.Action.FAIL, category, null);
        }
        return new Decision(Decision.Action.RETRY, category, now.plus(backoff(failed)));
    }
  }

  private static Duration exponential(Duration initial, Duration cap, int n) {
    int shift = Math.min(n - 1, 30);
    long millis = initial.toMillis();
    long scaled = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
    return scaled >= cap.toMillis() ? cap : Duration.ofMillis(scaled);
  }

  /**
   * What to do with a failed operation.
   *
   * @param action the action
   * @param category the failure's category
   * @param retryAt when to retry, for {@link Action#RETRY}; else null
   */
  public record Decision(Action action, FailureCategory category, @Nullable Instant retryAt) {
    /** Validates: a retry needs its time, the other actions have none. */
    public Decision {
      Args.notNull(action, "action");
      Args.notNull(category, "category");
      if ((action == Action.RETRY) != (retryAt != null)) {
        throw new IllegalArgumentException(
            "retryAt must be given for RETRY and only for RETRY: " + action + ", " + retryAt);
      }
    }

    /** The possible actions. */
    public enum Action {
      /** Reschedule at {@link Decision#retryAt()}. */
      RETRY,
      /** Mark the operation failed. */
      FAIL,
      /** Pause the account; the operation keeps its attempts. */
      PAUSE_ACCOUNT
    }
  }

  /** Builds a {@link RetryPolicy}; every setter validates at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration accountPause = DEFAULT_ACCOUNT_PAUSE;
    private Duration maxAccountPause = DEFAULT_MAX_ACCOUNT_PAUSE;
    private boolean jitter = true;
    private DoubleSupplier random = new Random()::nextDouble;
    private Function<Throwable, FailureCategory> classifier = RetryPolicy::defaultCategory;

    private Builder() {}

    /**
     * Attempts before an operation is failed (1 means no retry).
     *
     * @param value at least 1
     * @return this
     */
    public Builder maxAttempts(int value) {
      this.maxAttempts = Args.positive(value, "maxAttempts");
      return this;
    }

    /**
     * Backoff ceiling of the first retry, doubled for each further one.
     *
     * @param value positive, at most {@link #MAX_DURATION}
     * @return this
     */
    public Builder initialBackoff(Duration value) {
      this.initialBackoff =
          Args.atMost(Args.positive(value, "initialBackoff"), MAX_DURATION, "initialBackoff");
      return this;
    }

    /**
     * The cap on any backoff.
     *
     * @param value positive, at most {@link #MAX_DURATION}
     * @return this
     */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = Args.atMost(Args.positive(value, "maxBackoff"), MAX_DURATION, "maxBackoff");
      return this;
    }

    /**
     * The first account pause after an account-level failure, doubled while failures continue.
     *
     * @param value positive, at most {@link #MAX_DURATION}
     * @return this
     */
    public Builder accountPause(Duration value) {
      this.accountPause =
          Args.atMost(Args.positive(value, "accountPause"), MAX_DURATION, "accountPause");
      return this;
    }

    /**
     * The cap on an account pause.
     *
     * @param value positive, at most {@link #MAX_DURATION}
     * @return this
     */
    public Builder maxAccountPause(Duration value) {
      this.maxAccountPause =
          Args.atMost(Args.positive(value, "maxAccountPause"), MAX_DURATION, "maxAccountPause");
      return this;
    }

    /**
     * Whether to apply full jitter (default true). Turn it off only for deterministic tests.
     *
     * @param value whether to jitter
     * @return this
     */
    public Builder jitter(boolean value) {
      this.jitter = value;
      return this;
    }

    /**
     * The source of randomness for jitter: values in [0, 1); values outside are clamped.
     *
     * @param value the supplier
     * @return this
     */
    public Builder random(DoubleSupplier value) {
      this.random = Args.notNull(value, "random");
      return this;
    }

    /**
     * Overrides the classification of failures, for example to treat an embedder's own exception as
     * permanent. The function must not return null.
     *
     * @param value the classifier
     * @return this
     */
    public Builder classifier(Function<Throwable, FailureCategory> value) {
      this.classifier = Args.notNull(value, "classifier");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException when maxBackoff is below initialBackoff
     */
    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff ("
                + maxBackoff
                + ") must not be below initialBackoff ("
                + initialBackoff
                + ")");
      }
      if (maxAccountPause.compareTo(accountPause) < 0) {
        throw new IllegalArgumentException(
            "maxAccountPause ("
                + maxAccountPause
                + ") must not be below accountPause ("
                + accountPause
                + ")");
      }
      return new RetryPolicy(this);
    }
  }

  private static FailureCategory defaultCategory(Throwable failure) {
    Throwable current = failure;
    // Bounded, so that a cycle in the cause chain cannot loop forever.
    for (int depth = 0; current != null && depth < 16; depth++) {
      if (current instanceof OperationFailedException) {
        return ((OperationFailedException) current).category();
      }
      current = current.getCause();
    }
    return FailureCategory.TRANSIENT;
  }
}
