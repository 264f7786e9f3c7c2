package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * How to reach and log in to one IMAP account, and how to behave there. Immutable; build it with
 * {@link #builder(String, String, CredentialsProvider)}. TLS with certificate and host-name checks
 * is the default; every timeout is finite. {@link #toString()} never shows a secret.
 */
public final class ImapAccount {

  /** Default port for {@link TlsMode#IMPLICIT}. */
  public static final int DEFAULT_IMPLICIT_TLS_PORT = 993;

  /** Default port for {@link TlsMode#STARTTLS_REQUIRED} and {@link TlsMode#NONE}. */
  public static final int DEFAULT_PLAIN_PORT = 143;

  /** Default TLS mode. */
  public static final TlsMode DEFAULT_TLS_MODE = TlsMode.IMPLICIT;

  /** Default time allowed to open the TCP connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Default time to wait for the server's next bytes. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Default time allowed for one write to the socket. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

  /** The trash folder used when the server marks none with SPECIAL-USE {@code \Trash}. */
  public static final String DEFAULT_TRASH_FOLDER = "Trash";

  /** Default policy for servers without UIDPLUS. */
  public static final NoUidPlusPolicy DEFAULT_NO_UIDPLUS_POLICY =
      NoUidPlusPolicy.LEAVE_DELETED_FLAG;

  /**
   * Default upper bound for the UID set of one command, in bytes. Far below the limits of common
   * servers (Dovecot refuses one argument over 65,535 bytes).
   */
  public static final int DEFAULT_MAX_UID_SET_LENGTH = 8000;

  /** Whether the protocol trace is on unless {@link Builder#protocolTrace} says otherwise. */
  public static final boolean DEFAULT_PROTOCOL_TRACE = false;

  /**
   * The SLF4J logger the protocol trace goes to, at DEBUG: {@value}. See {@link
   * Builder#protocolTrace}.
   */
  public static final String PROTOCOL_TRACE_LOGGER = "io.github.ferrymail.imap.trace";

  private final String host;
  private final int port;
  private final TlsMode tlsMode;
  private final String user;
  private final CredentialsProvider credentials;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final @Nullable SSLSocketFactory sslSocketFactory;
  private final String trashFolder;
  private final NoUidPlusPolicy noUidPlusPolicy;
  private final boolean createMissingFolders;
  private final Set<String> ignoredCapabilities;
  private final int maxUidSetLength;
  private final boolean protocolTrace;

  private ImapAccount(Builder b) {
    this.host = b.host;
    this.tlsMode = b.tlsMode;
    this.port = b.port != 0 ? b.port : defaultPort(b.tlsMode);
    this.user = b.user;
    this.credentials = b.credentials;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.sslSocketFactory = b.sslSocketFactory;
    this.trashFolder = b.trashFolder;
    this.noUidPlusPolicy = b.noUidPlusPolicy;
    this.createMissingFolders = b.createMissingFolders;
    this.ignoredCapabilities = Collections.unmodifiableSet(new TreeSet<>(b.ignoredCapabilities));
    this.maxUidSetLength = b.maxUidSetLength;
    this.protocolTrace = b.protocolTrace;
  }

  /**
   * Starts a builder; the three arguments are required, everything else has a default.
   *
   * @param host the server's host name (checked against its certificate)
   * @param user the login name
   * @param credentials supplies the password or OAuth2 token at each login
   * @return the builder
   */
  public static Builder builder(String host, String user, CredentialsProvider credentials) {
    return new Builder(host, user, credentials);
  }

  private static int defaultPort(TlsMode mode) {
    return mode == TlsMode.IMPLICIT ? DEFAULT_IMPLICIT_TLS_PORT : DEFAULT_PLAIN_PORT;
  }

  /**
   * The server's host name.
   *
   * @return the host
   */
  public String host() {
    return host;
  }

  /**
   * The server's port.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * How the connection is protected.
   *
   * @return the TLS mode
   */
  public TlsMode tlsMode() {
    return tlsMode;
  }

  /**
   * The login name.
   *
   * @return the user
   */
  public String user() {
    return user;
  }

  /**
   * Where the secret comes from.
   *
   * @return the provider
   */
  public CredentialsProvider credentials() {
    return credentials;
  }

  /**
   * Time allowed to open the connection.
   *
   * @return the timeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Time to wait for the server's next bytes; past it the outcome of the command is unknown.
   *
   * @return the timeout
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Time allowed for one write.
   *
   * @return the timeout
   */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * The socket factory for TLS, when the default trust store must not be used (tests, private CAs);
   * null means the JVM's default trust store.
   *
   * @return the factory, or null
   */
  public @Nullable SSLSocketFactory sslSocketFactory() {
    return sslSocketFactory;
  }

  /**
   * The trash folder to use when no folder carries the SPECIAL-USE {@code \Trash} attribute.
   *
   * @return the folder name
   */
  public String trashFolder() {
    return trashFolder;
  }

  /**
   * What to do on servers without UIDPLUS.
   *
   * @return the policy
   */
  public NoUidPlusPolicy noUidPlusPolicy() {
    return noUidPlusPolicy;
  }

  /**
   * Whether a missing destination folder ({@code NO [TRYCREATE]}) is created and the command
   * repeated, instead of failing with {@code FOLDER_NOT_FOUND}.
   *
   * @return true to create missing folders
   */
  public boolean createMissingFolders() {
    return createMissingFolders;
  }

  /**
   * Capabilities treated as absent even when the server announces them (upper case), for servers
   * whose implementation of an extension is broken, and for tests of the fallback strategies.
   *
   * @return the ignored capabilities
   */
  public Set<String> ignoredCapabilities() {
    return ignoredCapabilities;
  }

  /**
   * The longest UID set sent in one command, in bytes; longer sets are split into several commands.
   *
   * @return the limit
   */
  public int maxUidSetLength() {
    return maxUidSetLength;
  }

  /**
   * Whether every connection of this account writes its IMAP protocol trace, redacted, to the
   * logger {@link #PROTOCOL_TRACE_LOGGER} at DEBUG.
   *
   * @return true when the trace is on
   */
  public boolean protocolTrace() {
    return protocolTrace;
  }

  @Override
  public String toString() {
    return "ImapAccount[" + user + "@" + host + ":" + port + ", tls=" + tlsMode + "]";
  }

  /** Builds an {@link ImapAccount}; every setter validates at once. */
  public static final class Builder {
    private final String host;
    private final String user;
    private final CredentialsProvider credentials;
    private int port;
    private TlsMode tlsMode = DEFAULT_TLS_MODE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private @Nullable SSLSocketFactory sslSocketFactory;
    private String trashFolder = DEFAULT_TRASH_FOLDER;
    private NoUidPlusPolicy noUidPlusPolicy = DEFAULT_NO_UIDPLUS_POLICY;
    private boolean createMissingFolders;
    private final Set<String> ignoredCapabilities = new TreeSet<>();
    private int maxUidSetLength = DEFAULT_MAX_UID_SET_LENGTH;
    private boolean protocolTrace = DEFAULT_PROTOCOL_TRACE;

    private Builder(String host, String user, CredentialsProvider credentials) {
      this.host = Args.notBlank(host, "host").trim();
      this.user = Args.notBlank(user, "user");
      this.credentials = Args.notNull(credentials, "credentials");
    }

    /**
     * The port; defaults to 993 for implicit TLS and 143 otherwise.
     *
     * @param port 1 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The TLS mode; {@link TlsMode#NONE} sends the password in clear text.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder tlsMode(TlsMode mode) {
      this.tlsMode = Args.notNull(mode, "tlsMode");
      return this;
    }

    /**
     * Time allowed to open the connection.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkTimeout(timeout, "connectTimeout");
      return this;
    }

    /**
     * Time to wait for the server's next bytes.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = checkTimeout(timeout, "readTimeout");
      return this;
    }

    /**
     * Time allowed for one write.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = checkTimeout(timeout, "writeTimeout");
      return this;
    }

    /**
     * Uses this socket factory for TLS instead of the JVM default (host names are still checked).
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder sslSocketFactory(SSLSocketFactory factory) {
      this.sslSocketFactory = Args.notNull(factory, "sslSocketFactory");
      return this;
    }

    /**
     * Trusts exactly these certificates (a private CA or a test server's self-signed certificate)
     * instead of the JVM's trust store. Host names are still checked.
     *
     * @param certificates the certificates to trust, not empty
     * @return this builder
     */
    public Builder trustedCertificates(X509Certificate... certificates) {
      Args.notNull(certificates, "certificates");
      if (certificates.length == 0) {
        throw new IllegalArgumentException("certificates must not be empty");
      }
      try {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
          trust.setCertificateEntry("trusted-" + i, Args.notNull(certificates[i], "certificate"));
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        this.sslSocketFactory = context.getSocketFactory();
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalArgumentException("certificates cannot be used as a trust store", e);
      }
      return this;
    }

    /**
     * The trash folder used when the server marks none with SPECIAL-USE {@code \Trash}.
     *
     * @param folder the folder's full name
     * @return this builder
     */
    public Builder trashFolder(String folder) {
      this.trashFolder = Args.notBlank(folder, "trashFolder");
      return this;
    }

    /**
     * What to do on servers without UIDPLUS; see {@link NoUidPlusPolicy}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder noUidPlusPolicy(NoUidPlusPolicy policy) {
      this.noUidPlusPolicy = Args.notNull(policy, "noUidPlusPolicy");
      return this;
    }

    /**
     * Whether to create a missing destination folder and repeat the command (default false).
     *
     * @param create true to create
     * @return this builder
     */
    public Builder createMissingFolders(boolean create) {
      this.createMissingFolders = create;
      return this;
    }

    /**
     * Treats these capabilities as absent, for example {@code "MOVE"} on a server whose MOVE is
     * broken.
     *
     * @param capabilities capability names, case-insensitive
     * @return this builder
     */
    public Builder ignoreCapabilities(String... capabilities) {
      Args.notNull(capabilities, "capabilities");
      for (String c : capabilities) {
        ignoredCapabilities.add(Args.notBlank(c, "capability").trim().toUpperCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * The longest UID set sent in one command, in bytes.
     *
     * @param bytes at least 32
     * @return this builder
     */
    public Builder maxUidSetLength(int bytes) {
      if (bytes < 32) {
        throw new IllegalArgumentException("maxUidSetLength must be at least 32: " + bytes);
      }
      this.maxUidSetLength = bytes;
      return this;
    }

    /**
     * Writes the IMAP conversation of this account's connections to the SLF4J logger {@value
     * ImapAccount#PROTOCOL_TRACE_LOGGER} at DEBUG, one line per protocol line, prefixed by the
     * account and the connection's number, for a support case (default {@value
     * ImapAccount#DEFAULT_PROTOCOL_TRACE}). Jakarta Mail's {@code mail.debug} has no effect, since
     * Ferry builds its own mail sessions; this is the switch instead.
     *
     * <p>Credentials never appear: the arguments of {@code LOGIN} and the SASL data of {@code
     * AUTHENTICATE} are redacted (Angus Mail leaves them out too, {@code mail.debug.auth} stays
     * false). Of a literal (a message header or body) at most 256 bytes are logged, and no line is
     * longer than 500 characters. Folder names, flags, UIDs and Message-IDs do appear. The trace is
     * only produced while that logger is enabled for DEBUG when a connection opens.
     *
     * @param on true to trace
     * @return this builder
     */
    public Builder protocolTrace(boolean on) {
      this.protocolTrace = on;
      return this;
    }

    /**
     * Builds the account.
     *
     * @return the immutable account
     */
    public ImapAccount build() {
      return new ImapAccount(this);
    }

    private static Duration checkTimeout(Duration timeout, String name) {
      Args.positive(timeout, name);
      // Angus takes milliseconds, and a socket timeout of 0 means none at all.
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms: " + timeout);
      }
      if (timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " is too long: " + timeout);
      }
      return timeout;
    }
  }
}
