package io.github.ferrymail.imap.testing;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Dovecot IMAP server of its own for a test: its own configuration, mail and run directory
 * in a temporary directory (nothing under /etc/dovecot is read), listening on a free port of
 * 127.0.0.1. Every user name logs in with {@link #password()}; each user name has its own empty
 * mailbox, with the folders INBOX, Trash (\Trash), Archive (\Archive) and Sent (\Sent).
 *
 * <p>Dovecot runs as a daemon and needs root (its mail processes run as {@code nobody}). When it is
 * not installed, {@link #start} fails with {@link #NOT_INSTALLED}: tests that use it are tagged
 * {@code dovecot} so that a developer can leave them out with {@code -Pquick}; CI never does.
 *
 * <pre>{@code
 * try (DovecotServer dovecot = DovecotServer.start(DovecotServer.Profile.MODERN);
 *     Store store = dovecot.openStore()) {
 *   List<String> messageIds = dovecot.appendMessages("INBOX", 3);
 *   ...
 * }
 * }</pre>
 *
 * <p>Several instances may run at once. {@link DovecotExtension} starts one per test class.
 */
public final class DovecotServer implements AutoCloseable {

  /** Where Debian's dovecot-core puts the server. */
  public static final Path BINARY = Path.of("/usr/sbin/dovecot");

  /** The start of the failure when Dovecot is missing and could not be installed. */
  public static final String NOT_INSTALLED = "dovecot-imapd is not installed";

  private static final DovecotInstaller INSTALLER = DovecotInstaller.forThisMachine();

  /** The user name {@link #openStore()}, {@link #createMailbox} and the like use. */
  public static final String DEFAULT_USER = "ferry";

  /** How long {@link #start} waits for the server to greet. */
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /** How long {@link #close} waits for the server to exit after SIGTERM, before SIGKILL. */
  public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(DovecotServer.class);
  private static final String HOST = "127.0.0.1";
  private static final String PASSWORD = "secret";
  private static final int PORT_ATTEMPTS = 5;

  /** What an instance offers. */
  public enum Profile {
    /** Plain IMAP with MOVE, UIDPLUS and SPECIAL-USE: Dovecot 2.3 as it comes. */
    MODERN,
    /**
     * Plain IMAP advertising only {@code IMAP4rev1 LITERAL+ IDLE NAMESPACE UNSELECT}: no MOVE, no
     * UIDPLUS, no SPECIAL-USE. Dovecot still executes MOVE and still sends COPYUID if asked; only
     * the capabilities say otherwise.
     */
    OLD_NO_MOVE_NO_UIDPLUS,
    /**
     * {@link #MODERN} over implicit TLS, with a certificate for {@code localhost} and {@code
     * 127.0.0.1} that only {@link #trustStore()} trusts.
     */
    TLS,
    /**
     * Like {@link #TLS}, but the certificate (still trusted by {@link #trustStore()}) names {@code
     * wrong.invalid}: for testing that host names are checked.
     */
    TLS_WRONG_HOST_NAME;

    /** True for the profiles that speak implicit TLS. */
    public boolean tls() {
      return this == TLS || this == TLS_WRONG_HOST_NAME;
    }
  }

  private final Profile profile;
  private final Path binary;
  private final Path dir;
  private final int port;
  private volatile long pid;
  private final @Nullable TestCertificate certificate;
  private final Thread shutdownHook;
  private final String messageIdPrefix = "ferry-test-" + UUID.randomUUID();
  private final AtomicInteger messageCounter = new AtomicInteger();
  private boolean closed;
  private boolean serving = true;

  private DovecotServer(
      Profile profile,
      Path binary,
      Path dir,
      int port,
      long pid,
      @Nullable TestCertificate certificate) {
    this.profile = profile;
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.pid = pid;
    this.certificate = certificate;
    this.shutdownHook = new Thread(this::stop, "dovecot-" + port + "-shutdown");
  }

  /** True when Dovecot is installed where Debian puts it (installing it first if it can). */
  public static boolean dovecotAvailable() {
    return INSTALLER.ensureInstalled() == null;
  }

  /**
   * Starts an instance and waits until it greets clients.
   *
   * @throws IllegalStateException with {@link #NOT_INSTALLED} when Dovecot is missing, or with
   *     Dovecot's log when it does not start
   */
  public static DovecotServer start(Profile profile) {
    String missing = INSTALLER.ensureInstalled();
    if (missing != null) {
      throw notInstalled(missing);
    }
    return start(profile, BINARY);
  }

  private static IllegalStateException notInstalled(String what) {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    return new IllegalStateException(
        NOT_INSTALLED
            + ": "
            + what
            + (ci
                ? " (CI=true: the Dovecot tests must run in CI)"
                : " (or leave the Dovecot tests out with ./mvnw verify -Pquick)"));
  }

  /** {@link #start(Profile)} with another binary, so that a test can see the failures. */
  static DovecotServer start(Profile profile, Path binary) {
    if (!Files.isExecutable(binary)) {
      throw notInstalled(binary + " is missing");
    }
    if (!DovecotProcess.runningAsRoot()) {
      throw new IllegalStateException(
          "DovecotServer needs root: Dovecot switches to user nobody for mail; run as root or"
              + " leave the Dovecot tests out with -Pquick");
    }
    Path dir = createDirectory();
    try {
      TestCertificate certificate =
          switch (profile) {
            case TLS -> TestCertificate.generate(dir, "localhost", HOST);
            case TLS_WRONG_HOST_NAME -> TestCertificate.generate(dir, "wrong.invalid", "");
            default -> null;
          };
      for (int attempt = 1; ; attempt++) {
        int port = freePort();
        Files.writeString(
            dir.resolve("dovecot.conf"),
            DovecotConfig.render(dir, port, PASSWORD, profile, certificate));
        String failure = DovecotProcess.launch(binary, dir, STARTUP_TIMEOUT);
        if (failure == null) {
          var server =
              new DovecotServer(
                  profile,
                  binary,
                  dir,
                  port,
                  DovecotProcess.readPid(dir, STARTUP_TIMEOUT),
                  certificate);
          server.awaitGreeting();
          Runtime.getRuntime().addShutdownHook(server.shutdownHook);
          LOG.info("Dovecot {} started on {}:{} in {}", profile, HOST, port, dir);
          return server;
        }
        // Another process may have taken the port between freePort() and Dovecot's bind.
        if (!failure.contains("Address already in use") || attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException("Dovecot did not start:\n" + failure);
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteDirectory(dir);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** The profile this instance was started with. */
  public Profile profile() {
    return profile;
  }

  /** The address it listens on: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** The port it listens on (implicit TLS for the TLS profiles, plain IMAP otherwise). */
  public int port() {
    return port;
  }

  /** The user name the helpers of this class use ({@value #DEFAULT_USER}). */
  public String user() {
    return DEFAULT_USER;
  }

  /** The password of every user name. */
  public String password() {
    return PASSWORD;
  }

  /** The Jakarta Mail store protocol: {@code imaps} for the TLS profiles, else {@code imap}. */
  public String protocol() {
    return profile.tls() ? "imaps" : "imap";
  }

  /**
   * A trust store that trusts this instance's certificate (and nothing else).
   *
   * @throws IllegalStateException for a profile without TLS
   */
  public KeyStore trustStore() {
    return requireCertificate().trustStore();
  }

  /** A TLS context that trusts this instance's certificate (and nothing else). */
  public SSLContext sslContext() {
    return requireCertificate().sslContext();
  }

  /** A socket factory that trusts this instance's certificate (and nothing else). */
  public SSLSocketFactory sslSocketFactory() {
    return sslContext().getSocketFactory();
  }

  /** The instance's directory; gone after {@link #close()}. */
  Path directory() {
    return dir;
  }

  /** Dovecot's log of this instance (logins, errors, disconnects). */
  public String log() {
    try {
      return Files.readString(dir.resolve("dovecot.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Jakarta Mail properties for this instance: host, port, 10 s connect and 30 s read timeouts, and
   * for the TLS profiles this instance's trust and host name checks. Change them freely.
   */
  public Properties sessionProperties() {
    var props = new Properties();
    String p = protocol();
    props.setProperty("mail.store.protocol", p);
    props.setProperty("mail." + p + ".host", HOST);
    props.setProperty("mail." + p + ".port", Integer.toString(port));
    props.setProperty("mail." + p + ".connectiontimeout", "10000");
    props.setProperty("mail." + p + ".timeout", "30000");
    if (profile.tls()) {
      props.put("mail.imaps.ssl.socketFactory", sslSocketFactory());
      props.setProperty("mail.imaps.ssl.checkserveridentity", "true");
    }
    return props;
  }

  /** A new Jakarta Mail session with {@link #sessionProperties()}. */
  public Session session() {
    return Session.getInstance(sessionProperties());
  }

  /** A store connected as {@link #user()}; the caller closes it. */
  public Store openStore() throws MessagingException {
    Store store = session().getStore(protocol());
    store.connect(HOST, port, DEFAULT_USER, PASSWORD);
    return store;
  }

  /**
   * Creates a folder of {@link #user()} (with IMAP CREATE).
   *
   * @throws IllegalStateException when the server refuses
   */
  public void createMailbox(String name) throws MessagingException {
    try (Store store = openStore()) {
      if (!store.getFolder(name).create(Folder.HOLDS_MESSAGES)) {
        throw new IllegalStateException("Dovecot did not create folder " + name);
      }
    }
  }

  /**
   * Appends {@code count} small text messages to a folder of {@link #user()}, each with a
   * Message-ID of its own that no other call of any instance repeats.
   *
   * @return the Message-IDs (with angle brackets), in the order the messages were appended, which
   *     is the order of their UIDs
   */
  public List<String> appendMessages(String folder, int count) throws MessagingException {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    Session session = session();
    var messages = new Message[count];
    var ids = new ArrayList<String>(count);
    for (int i = 0; i < count; i++) {
      int n = messageCounter.incrementAndGet();
      String id = "<" + messageIdPrefix + "-" + n + "@localhost>";
      var message = new MimeMessage(session);
      message.setFrom(new InternetAddress("sender@localhost"));
      message.setRecipient(
          Message.RecipientType.TO, new InternetAddress(DEFAULT_USER + "@localhost"));
      message.setSubject("Test message " + n);
      message.setText("Body of test message " + n + "\n", "UTF-8");
      message.saveChanges();
      // After saveChanges, which would otherwise replace it with a generated one.
      message.setHeader("Message-ID", id);
      messages[i] = message;
      ids.add(id);
    }
    try (Store store = openStore()) {
      store.getFolder(folder).appendMessages(messages);
    }
    return List.copyOf(ids);
  }

  /**
   * Stops the server as an administrator's restart does (SIGTERM: Dovecot ends its clients'
   * connections), keeping its port, configuration and mail for {@link #startServing()}. Does
   * nothing when it is not serving.
   */
  public synchronized void stopServing() {
    if (closed || !serving) {
      return;
    }
    serving = false;
    DovecotProcess.terminate(pid, SHUTDOWN_TIMEOUT);
    LOG.info("Dovecot {} on port {} stopped serving", profile, port);
  }

  /**
   * Starts the server stopped by {@link #stopServing()} again on the same port with the same mail,
   * and waits until it greets clients. Does nothing when it is serving.
   *
   * @throws IllegalStateException when it does not start, or after {@link #close()}
   */
  public synchronized void startServing() {
    if (closed) {
      throw new IllegalStateException("Dovecot on port " + port + " is closed");
    }
    if (serving) {
      return;
    }
    try {
      // A pid file left by the old master would be read as the new master's.
      Files.deleteIfExists(dir.resolve("run/master.pid"));
      String failure = DovecotProcess.launch(binary, dir, STARTUP_TIMEOUT);
      if (failure != null) {
        throw new IllegalStateException("Dovecot did not start again:\n" + failure);
      }
      pid = DovecotProcess.readPid(dir, STARTUP_TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    serving = true;
    awaitGreeting();
    LOG.info("Dovecot {} on port {} serving again", profile, port);
  }

  /**
   * Stops Dovecot (SIGTERM, then SIGKILL if needed) and removes its directory (moved away at once,
   * deleted in the background). Idempotent.
   */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs stop() again, harmlessly.
    }
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    if (serving) {
      DovecotProcess.terminate(pid, SHUTDOWN_TIMEOUT);
    }
    discardDirectory(dir);
    LOG.info(
        "Dovecot {} on port {} stopped in {} ms",
        profile,
        port,
        (System.nanoTime() - started) / 1_000_000);
  }

  private void awaitGreeting() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!DovecotProcess.isRunning(pid)) {
        stop();
        throw new IllegalStateException("Dovecot exited while starting:\n" + log());
      }
      try (Socket socket = connectProbe()) {
        socket.setSoTimeout(5000);
        var in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        // Right after start Dovecot may first say "* OK Waiting for authentication process".
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("* OK [CAPABILITY")) {
            OutputStream out = socket.getOutputStream();
            out.write(ImapWire.line("probe LOGOUT"));
            out.flush();
            return;
          }
        }
      } catch (IOException e) {
        last = e;
      }
      DovecotProcess.sleep(50);
    }
    stop();
    throw new IllegalStateException(
        "Dovecot did not greet on port " + port + " within " + STARTUP_TIMEOUT + ":\n" + log(),
        last);
  }

  private Socket connectProbe() throws IOException {
    var socket = new Socket();
    try {
      socket.connect(new java.net.InetSocketAddress(HOST, port), 5000);
      if (!profile.tls()) {
        return socket;
      }
      return sslSocketFactory().createSocket(socket, HOST, port, true);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private TestCertificate requireCertificate() {
    if (certificate == null) {
      throw new IllegalStateException("profile " + profile + " has no TLS");
    }
    return certificate;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static Path createDirectory() {
    try {
      // Readable by all: Dovecot's unprivileged processes (nobody, dovenull) work inside it.
      Path dir =
          Files.createTempDirectory(
              "ferry-dovecot-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Path home = Files.createDirectory(dir.resolve("home"));
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(home, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName("nobody"));
      view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Dovecot directory", e);
    }
  }

  /**
   * Moves the directory out of the way at once and deletes it in the background: a mailbox of
   * 10,000 messages took 40 s to delete on a busy CI machine, time no test needs to wait for.
   */
  private static void discardDirectory(Path dir) {
    Path doomed = dir.resolveSibling(dir.getFileName() + ".deleting");
    try {
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
      // A process of its own, so that the deletion finishes even when the JVM exits first.
      new ProcessBuilder("rm", "-rf", doomed.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot discard {} in the background ({}); deleting it now", dir, e.toString());
      deleteDirectory(Files.exists(doomed) ? doomed : dir);
    }
  }

  private static void deleteDirectory(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
