package io.github.ferrymail.imap.support;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** Builds small RFC 5322 messages with a chosen Message-ID. */
public final class TestMessages {
  private static final Session SESSION = Session.getInstance(new Properties());

  private TestMessages() {}

  public static MimeMessage message(@Nullable String messageId, String subject) {
    return message(messageId, subject, "Hello.");
  }

  public static MimeMessage message(@Nullable String messageId, String subject, String body) {
    String raw =
        "From: alice@example.com\r\n"
            + "To: bob@example.com\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + (messageId == null ? "" : "Message-ID: " + messageId + "\r\n")
            + "Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + body
            + "\r\n";
    try {
      return new MimeMessage(
          SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] raw(MimeMessage m) {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      m.writeTo(out);
      return out.toByteArray();
    } catch (java.io.IOException | MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
