package io.github.ferrymail.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.retry.RetryPolicy.Decision;
import io.github.ferrymail.core.retry.RetryPolicy.Decision.Action;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final OperationFailedException LOST =
      new OperationFailedException(FailureReason.CONNECTION_LOST, "connection reset");
  private static final OperationFailedException GONE =
      new OperationFailedException(FailureReason.MESSAGE_NOT_FOUND, "UID 7 is gone");
  private static final OperationFailedException BAD_LOGIN =
      new OperationFailedException(FailureReason.AUTHENTICATION_FAILED, "LOGIN failed");

  private static RetryPolicy withoutJitter() {
    return RetryPolicy.builder().jitter(false).build();
  }

  @Test
  void theDefaultsAreThreeAttemptsFiveSecondsToFifteenMinutes() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.maxAttempts()).isEqualTo(3).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
    assertThat(RetryPolicy.DEFAULT_INITIAL_BACKOFF).isEqualTo(Duration.ofSeconds(5));
    assertThat(RetryPolicy.DEFAULT_MAX_BACKOFF).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void backoffCeilingsDoubleFromTheInitialBackoffUpToTheCap() {
    RetryPolicy policy = withoutJitter();

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.backoff(8)).isEqualTo(Duration.ofSeconds(640));
    assertThat(policy.backoff(9)).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.backoff(50)).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aHugeInitialBackoffDoesNotOverflow() {
    Duration cap = Duration.ofDays(365 * 1000);
    RetryPolicy policy =
        RetryPolicy.builder().jitter(false).initialBackoff(cap).maxBackoff(cap).build();

    assertThat(policy.backoff(40)).isEqualTo(cap);
  }

  @Test
  void fullJitterScalesTheCeilingByTheRandomSource() {
    RetryPolicy half = RetryPolicy.builder().random(() -> 0.5).build();
    RetryPolicy none = RetryPolicy.builder().random(() -> 0.0).build();
    RetryPolicy almost = RetryPolicy.builder().random(() -> 0.999).build();

    assertThat(half.backoff(1)).isEqualTo(Duration.ofMillis(2500));
    assertThat(half.backoff(3)).isEqualTo(Duration.ofSeconds(10));
    assertThat(half.backoff(20)).isEqualTo(Duration.ofMillis(450_000));
    assertThat(none.backoff(4)).isZero();
    assertThat(almost.backoff(1)).isEqualTo(Duration.ofMillis(4995));
  }

  @Test
  void jitterDrawsFromTheRandomSourceForEveryBackoff() {
    AtomicInteger draws = new AtomicInteger();
    RetryPolicy policy =
        RetryPolicy.builder()
            .random(
                () -> {
                  draws.incrementAndGet();
                  return 0.25;
                })
            .build();

    policy.backoff(1);
    policy.backoff(2);
    policy.decide(LOST, 0, NOW);

    assertThat(draws).hasValue(3);
  }

  @Test
  void aRandomSourceOutsideZeroToOneIsClampedToTheCeiling() {
    RetryPolicy above = RetryPolicy.builder().random(() -> 7.0).build();
    RetryPolicy below = RetryPolicy.builder().random(() -> -3.0).build();
    RetryPolicy nan = RetryPolicy.builder().random(() -> Double.NaN).build();

    assertThat(above.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(above.backoff(30)).isEqualTo(Duration.ofMinutes(15));
    assertThat(below.backoff(1)).isZero();
    assertThat(nan.backoff(1)).isZero();
  }

  @Test
  void operationFailuresCarryTheirReasonsCategory() {
    RetryPolicy policy = RetryPolicy.defaults();

    for (FailureReason reason : FailureReason.values()) {
      assertThat(policy.classify(new OperationFailedException(reason, "x")))
          .as(reason.name())
          .isEqualTo(reason.category());
    }
    assertThat(policy.classify(LOST)).isEqualTo(FailureCategory.TRANSIENT);
    assertThat(policy.classify(GONE)).isEqualTo(FailureCategory.PERMANENT);
    assertThat(policy.classify(BAD_LOGIN)).isEqualTo(FailureCategory.ACCOUNT);
  }

  @Test
  void unknownExceptionsAreTransient() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.classify(new IllegalStateException("bug")))
        .isEqualTo(FailureCategory.TRANSIENT);
    assertThat(policy.classify(new IOException("reset"))).isEqualTo(FailureCategory.TRANSIENT);
    assertThat(policy.classify(new StackOverflowError())).isEqualTo(FailureCategory.TRANSIENT);
  }

  @Test
  void aClassifiedFailureWrappedByAnotherExceptionKeepsItsCategory() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.classify(new CompletionException(BAD_LOGIN)))
        .isEqualTo(FailureCategory.ACCOUNT);
    assertThat(policy.classify(new RuntimeException(new CompletionException(GONE))))
        .isEqualTo(FailureCategory.PERMANENT);
  }

  @Test
  void aCycleOfCausesEndsAsTransient() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(RetryPolicy.defaults().classify(a)).isEqualTo(FailureCategory.TRANSIENT);
  }

  @Test
  void aCustomClassifierOverridesTheDefault() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .classifier(
                failure ->
                    failure instanceof IllegalStateException
                        ? FailureCategory.PERMANENT
                        : FailureCategory.ACCOUNT)
            .build();

    assertThat(policy.classify(new IllegalStateException())).isEqualTo(FailureCategory.PERMANENT);
    assertThat(policy.classify(LOST)).isEqualTo(FailureCategory.ACCOUNT);
    assertThat(policy.decide(new IllegalStateException(), 0, NOW).action()).isEqualTo(Action.FAIL);
  }

  @Test
  void aCustomClassifierThatReturnsNullIsReportedClearly() {
    RetryPolicy policy = RetryPolicy.builder().classifier(failure -> null).build();

    assertThatThrownBy(() -> policy.classify(new IOException()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("classifier")
        .hasMessageContaining("java.io.IOException");
  }

  @Test
  void aTransientFailureIsRetriedAfterTheBackoff() {
    RetryPolicy policy = withoutJitter();

    Decision first = policy.decide(LOST, 0, NOW);
    Decision second = policy.decide(LOST, 1, NOW);

    assertThat(first.action()).isEqualTo(Action.RETRY);
    assertThat(first.category()).isEqualTo(FailureCategory.TRANSIENT);
    assertThat(first.retryAt()).isEqualTo(NOW.plusSeconds(5));
    assertThat(second.retryAt()).isEqualTo(NOW.plusSeconds(10));
  }

  @Test
  void theLastAllowedAttemptFails() {
    RetryPolicy policy = withoutJitter();

    Decision third = policy.decide(LOST, 2, NOW);

    assertThat(third.action()).isEqualTo(Action.FAIL);
    assertThat(third.category()).isEqualTo(FailureCategory.TRANSIENT);
    assertThat(third.retryAt()).isNull();
    assertThat(policy.decide(new RuntimeException(), 7, NOW).action()).isEqualTo(Action.FAIL);
  }

  @Test
  void oneMaxAttemptMeansNoRetry() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(1).build();

    assertThat(policy.decide(LOST, 0, NOW).action()).isEqualTo(Action.FAIL);
  }

  @Test
  void aPermanentFailureFailsAtOnce() {
    Decision decision = withoutJitter().decide(GONE, 0, NOW);

    assertThat(decision.action()).isEqualTo(Action.FAIL);
    assertThat(decision.category()).isEqualTo(FailureCategory.PERMANENT);
    assertThat(decision.retryAt()).isNull();
  }

  @Test
  void anAccountFailurePausesTheAccountWhateverTheAttempts() {
    RetryPolicy policy = withoutJitter();

    Decision fresh = policy.decide(BAD_LOGIN, 0, NOW);
    Decision worn = policy.decide(BAD_LOGIN, 10, NOW);

    assertThat(fresh.action()).isEqualTo(Action.PAUSE_ACCOUNT);
    assertThat(fresh.category()).isEqualTo(FailureCategory.ACCOUNT);
    assertThat(fresh.retryAt()).isNull();
    assertThat(worn.action()).isEqualTo(Action.PAUSE_ACCOUNT);
  }

  @Test
  void accountPausesDoubleUpToTheCap() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.accountPause(1)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.accountPause(2)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.accountPause(3)).isEqualTo(Duration.ofMinutes(20));
    assertThat(policy.accountPause(4)).isEqualTo(Duration.ofMinutes(40));
    assertThat(policy.accountPause(5)).isEqualTo(Duration.ofHours(1));
    assertThat(policy.accountPause(1000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void accountPausesAreNotJittered() {
    RetryPolicy policy = RetryPolicy.builder().random(() -> 0.1).build();

    assertThat(policy.accountPause(1)).isEqualTo(RetryPolicy.DEFAULT_ACCOUNT_PAUSE);
  }

  @Test
  void customAccountPauses() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .accountPause(Duration.ofSeconds(30))
            .maxAccountPause(Duration.ofSeconds(100))
            .build();

    assertThat(policy.accountPause(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.accountPause(3)).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void countsBelowOneAreRejectedNamingTheArgument() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThatThrownBy(() -> policy.backoff(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failedAttempts");
    assertThatThrownBy(() -> policy.accountPause(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consecutiveFailures");
    assertThatThrownBy(() -> policy.decide(LOST, -1, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attemptsBefore");
    assertThatThrownBy(() -> policy.decide(null, 0, NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("failure");
    assertThatThrownBy(() -> policy.decide(LOST, 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("now");
  }

  @Test
  void builderSettersRejectBadValuesNamingTheField() {
    RetryPolicy.Builder builder = RetryPolicy.builder();

    assertThatThrownBy(() -> builder.maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> builder.initialBackoff(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> builder.initialBackoff(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> builder.maxBackoff(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> builder.accountPause(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accountPause");
    assertThatThrownBy(() -> builder.maxAccountPause(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("maxAccountPause");
    assertThatThrownBy(() -> builder.random(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("random");
    assertThatThrownBy(() -> builder.classifier(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("classifier");
  }

  @Test
  void buildRejectsACapBelowItsStart() {
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialBackoff(Duration.ofMinutes(2))
                    .maxBackoff(Duration.ofMinutes(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff")
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAccountPause(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAccountPause")
        .hasMessageContaining("accountPause");
  }

  @Test
  void aDecisionToRetryNeedsItsTimeAndOnlyThen() {
    assertThatThrownBy(() -> new Decision(Action.RETRY, FailureCategory.TRANSIENT, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryAt");
    assertThatThrownBy(() -> new Decision(Action.FAIL, FailureCategory.PERMANENT, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryAt");
    assertThatThrownBy(() -> new Decision(null, FailureCategory.PERMANENT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("action");
  }
}
