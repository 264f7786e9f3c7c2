package io.github.ferrymail.imap;

/** How the connection to the server is protected. */
public enum TlsMode {
  /** TLS from the first byte (IMAPS, usually port 993). The default. */
  IMPLICIT,
  /**
   * Plain connection upgraded with {@code STARTTLS} (usually port 143); the login fails if the
   * server does not offer it.
   */
  STARTTLS_REQUIRED,
  /**
   * No encryption at all: credentials travel in clear text. Only for servers on loopback in tests;
   * must be chosen explicitly.
   */
  NONE
}
