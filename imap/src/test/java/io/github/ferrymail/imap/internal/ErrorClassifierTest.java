package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.ImapOperationException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

  private static FailureReason of(Throwable t) {
    return ErrorClassifier.fromThrowable(t, "test").reason();
  }

  private static FailureReason of(String line) throws Exception {
    return ErrorClassifier.fromResponse(new IMAPResponse(line), "test", null).reason();
  }

  @Test
  void angusConnectionFailures() {
    // Angus keeps only the text of the I/O exception in FolderClosedException.
    assertThat(
            of(
                new FolderClosedException(
                    null, "* BYE Jakarta Mail Exception: java.io.IOException")))
        .isEqualTo(FailureReason.CONNECTION_LOST);
    assertThat(
            of(
                new FolderClosedException(
                    null,
                    "* BYE Jakarta Mail Exception: java.net.SocketTimeoutException: Read timed out")))
        .isEqualTo(FailureReason.TIMEOUT);
    assertThat(of(new StoreClosedException(null, "gone"))).isEqualTo(FailureReason.CONNECTION_LOST);
    assertThat(of(new MessagingException("x", new SocketException("reset"))))
        .isEqualTo(FailureReason.CONNECTION_LOST);
    assertThat(of(new MessagingException("x", new ConnectException("refused"))))
        .isEqualTo(FailureReason.CONNECTION_LOST);
    assertThat(of(new MessagingException("x", new SocketTimeoutException("t"))))
        .isEqualTo(FailureReason.TIMEOUT);
  }

  @Test
  void accountLevelFailures() {
    assertThat(of(new AuthenticationFailedException("bad")))
        .isEqualTo(FailureReason.AUTHENTICATION_FAILED);
    assertThat(of(new MessagingException("x", new SSLHandshakeException("untrusted"))))
        .isEqualTo(FailureReason.TLS_FAILED);
    assertThat(
            of(new MessagingException("STARTTLS is required but host does not support STARTTLS")))
        .isEqualTo(FailureReason.TLS_FAILED);
  }

  @Test
  void responseCodes() throws Exception {
    assertThat(of("A1 NO [TRYCREATE] no")).isEqualTo(FailureReason.FOLDER_NOT_FOUND);
    assertThat(of("A1 NO [NONEXISTENT] no")).isEqualTo(FailureReason.FOLDER_NOT_FOUND);
    assertThat(of("A1 NO [OVERQUOTA] full")).isEqualTo(FailureReason.QUOTA_EXCEEDED);
    assertThat(of("A1 NO [NOPERM] no")).isEqualTo(FailureReason.NOT_PERMITTED);
    assertThat(of("A1 NO [INUSE] busy")).isEqualTo(FailureReason.SERVER_BUSY);
    assertThat(of("A1 NO [AUTHENTICATIONFAILED] no"))
        .isEqualTo(FailureReason.AUTHENTICATION_FAILED);
    assertThat(of("A1 NO something")).isEqualTo(FailureReason.UNKNOWN);
    assertThat(of("A1 BAD Too long argument")).isEqualTo(FailureReason.SERVER_REJECTED);
    ImapOperationException bye =
        ErrorClassifier.fromResponse(
            Response.byeResponse(new SocketTimeoutException("t")), "x", null);
    assertThat(bye.reason()).isEqualTo(FailureReason.TIMEOUT);
    assertThat(bye.outcomeUnknown()).isTrue();
    assertThat(
            ErrorClassifier.fromResponse(new IMAPResponse("A1 NO [TRYCREATE] x"), "x", null)
                .responseCode())
        .isEqualTo("TRYCREATE");
  }
}
