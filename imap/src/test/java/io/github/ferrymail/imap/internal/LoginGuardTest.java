package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.Credentials;
import io.github.ferrymail.imap.TlsMode;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The rules of {@link LoginGuard}, including the ones a real server cannot reach through Angus. */
class LoginGuardTest {

  private static Predicate<String> caps(String... names) {
    return Set.of(names)::contains;
  }

  @Test
  void aTokenNeedsXoauth2() {
    assertThat(
            LoginGuard.refusal(
                Credentials.Kind.OAUTH2_TOKEN, TlsMode.IMPLICIT, true, caps("AUTH=XOAUTH2")))
        .isNull();
    LoginRefusedException refused =
        LoginGuard.refusal(
            Credentials.Kind.OAUTH2_TOKEN, TlsMode.IMPLICIT, true, caps("AUTH=PLAIN"));
    assertThat(refused).isNotNull();
    assertThat(refused.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
    assertThat(refused.getMessage()).contains("does not offer AUTH=XOAUTH2");
  }

  @Test
  void aPasswordNeedsSomeWayToLogIn() {
    assertThat(LoginGuard.refusal(Credentials.Kind.PASSWORD, TlsMode.IMPLICIT, true, caps()))
        .isNull(); // the LOGIN command
    assertThat(
            LoginGuard.refusal(
                Credentials.Kind.PASSWORD,
                TlsMode.IMPLICIT,
                true,
                caps("LOGINDISABLED", "AUTH=PLAIN")))
        .isNull();
    assertThat(
            LoginGuard.refusal(
                    Credentials.Kind.PASSWORD, TlsMode.IMPLICIT, true, caps("LOGINDISABLED"))
                .reason())
        .isEqualTo(FailureReason.AUTHENTICATION_FAILED);
  }

  @Test
  void nothingGoesOutUnencryptedWhenTlsIsRequired() {
    for (TlsMode mode : new TlsMode[] {TlsMode.IMPLICIT, TlsMode.STARTTLS_REQUIRED}) {
      for (Credentials.Kind kind : Credentials.Kind.values()) {
        LoginRefusedException refused =
            LoginGuard.refusal(kind, mode, false, caps("AUTH=PLAIN", "AUTH=XOAUTH2"));
        assertThat(refused).as(mode + " " + kind).isNotNull();
        assertThat(refused.reason()).isEqualTo(FailureReason.TLS_FAILED);
      }
    }
    assertThat(LoginGuard.refusal(Credentials.Kind.PASSWORD, TlsMode.NONE, false, caps())).isNull();
  }
}
