package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.ImapOperationException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.iap.Response;
import org.jspecify.annotations.Nullable;

/**
 * Turns IMAP responses and Jakarta Mail exceptions into {@link ImapOperationException}s with a
 * {@link FailureReason}, so that nobody downstream parses server text.
 */
public final class ErrorClassifier {
  private static final Pattern CODE =
      Pattern.compile("^\\S+\\s+(?:OK|NO|BAD)\\s+\\[([A-Za-z0-9.-]+)");

  private ErrorClassifier() {}

  /**
   * The response code of a status response, for example {@code TRYCREATE}.
   *
   * @param response the response
   * @return the upper-case code, or null
   */
  public static @Nullable String responseCode(Response response) {
    Matcher m = CODE.matcher(response.toString());
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
  }

  /**
   * Classifies a command's final response that was not OK.
   *
   * @param response the tagged NO or BAD, or a BYE (also the synthetic BYE Angus makes of an I/O
   *     error)
   * @param context what was being done, for the message (for example {@code "UID MOVE to Archive"})
   * @param cause the exception that carried the response, or null
   * @return the exception to throw
   */
  public static ImapOperationException fromResponse(
      Response response, String context, @Nullable Throwable cause) {
    if (response.isBYE()) {
      Exception ex = response.getException();
      boolean timeout =
          ex instanceof SocketTimeoutException
              || (ex == null && response.toString().contains("SocketTimeoutException"));
      return new ImapOperationException(
          timeout ? FailureReason.TIMEOUT : FailureReason.CONNECTION_LOST,
          context
              + (timeout
                  ? ": no reply within the read timeout; outcome unknown"
                  : ": connection lost; outcome unknown")
              + " ("
              + response.getRest()
              + ")",
          null,
          ex != null ? ex : cause);
    }
    String code = responseCode(response);
    FailureReason reason = response.isBAD() ? FailureReason.SERVER_REJECTED : forCode(code);
    return new ImapOperationException(
        reason, context + ": server said " + response.toString().trim(), code, cause);
  }

  /**
   * The reason a {@code NO} with this response code stands for (RFC 5530 and RFC 4315).
   *
   * @param code the code, or null
   * @return the reason
   */
  public static FailureReason forCode(@Nullable String code) {
    if (code == null) {
      return FailureReason.UNKNOWN;
    }
    switch (code) {
      case "TRYCREATE":
      case "NONEXISTENT":
        return FailureReason.FOLDER_NOT_FOUND;
      case "OVERQUOTA":
        return FailureReason.QUOTA_EXCEEDED;
      case "NOPERM":
      case "READ-ONLY":
        return FailureReason.NOT_PERMITTED;
      case "INUSE":
      case "UNAVAILABLE":
      case "LIMIT":
      case "EXPUNGEISSUED":
        return FailureReason.SERVER_BUSY;
      case "AUTHENTICATIONFAILED":
      case "AUTHORIZATIONFAILED":
      case "EXPIRED":
        return FailureReason.AUTHENTICATION_FAILED;
      case "CANNOT":
      case "CLIENTBUG":
        return FailureReason.SERVER_REJECTED;
      default:
        return FailureReason.UNKNOWN;
    }
  }

  /**
   * Classifies an exception thrown by Jakarta Mail or the JDK.
   *
   * @param e the exception
   * @param context what was being done
   * @return the classified exception (the same one if it already is)
   */
  public static ImapOperationException fromThrowable(Throwable e, String context) {
    if (e instanceof ImapOperationException) {
      return (ImapOperationException) e;
    }
    LoginRefusedException refused = find(e, LoginRefusedException.class);
    if (refused != null) {
      // Our own refusal before login: its text alone, not Angus's "nested exception" wrapping.
      return new ImapOperationException(
          refused.reason(), context + ": " + refused.getMessage(), null, e);
    }
    FailureReason reason = reasonOf(e);
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new ImapOperationException(reason, context + ": " + detail, null, e);
  }

  private static <T extends Throwable> @Nullable T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static FailureReason reasonOf(Throwable e) {
    if (e instanceof AuthenticationFailedException) {
      return FailureReason.AUTHENTICATION_FAILED;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof GeneralSecurityException) {
        // The server could not prove its identity (or TLS failed): the account cannot work.
        return FailureReason.TLS_FAILED;
      }
      if (t instanceof SocketTimeoutException) {
        return FailureReason.TIMEOUT;
      }
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof InterruptedIOException) {
        return FailureReason.CONNECTION_LOST;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String text = String.valueOf(e.getMessage());
    if ((text.contains("STARTTLS") && text.contains("required"))
        || text.contains("verify identity of server")) {
      return FailureReason.TLS_FAILED;
    }
    if (e instanceof FolderClosedException || e instanceof StoreClosedException) {
      // Angus keeps only the I/O exception's text here, not the exception itself.
      return text.contains("SocketTimeoutException") || text.contains("Read timed out")
          ? FailureReason.TIMEOUT
          : FailureReason.CONNECTION_LOST;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return FailureReason.CONNECTION_LOST;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (e instanceof jakarta.mail.MessagingException
        && (text.contains("Connection") || text.contains("connect"))) {
      return FailureReason.CONNECTION_LOST;
    }
    return FailureReason.UNKNOWN;
  }
}
