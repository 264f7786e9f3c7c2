package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.Credentials;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapCommandListener;
import io.github.ferrymail.imap.ImapOperationException;
import io.github.ferrymail.imap.SelectedFolder;
import io.github.ferrymail.imap.ServerCapabilities;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated IMAP connection over Angus Mail, reconnected after a drop, with the folder
 * selected on it; or the connection of a store the embedder lent, used as it is. Not thread-safe:
 * the session calls it under its lock.
 *
 * <p>Every command runs on the store's own connection, borrowed through a never-opened folder's
 * {@code doCommand}, so that Angus opens no second connection and issues nothing behind our back.
 */
final class ImapConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImapConnection.class);
  private static final Logger TRACE = LoggerFactory.getLogger(ImapAccount.PROTOCOL_TRACE_LOGGER);
  private static final long IDLE_CHECK_NANOS = 30_000_000_000L;

  private final ImapAccount account;
  // The embedder's connected store, when it lent one: used as is, never reconnected or closed.
  private final @Nullable IMAPStore lent;
  private final ImapCommandListener commands;
  // Our own daemon thread for Angus's write timeouts: its default one is not a daemon.
  private final ScheduledExecutorService writeTimeouts;
  private @Nullable IMAPStore store;
  private @Nullable IMAPFolder handle;
  private @Nullable ServerCapabilities capabilities;
  private @Nullable SelectedFolder selected;
  private @Nullable IMAPProtocol selectedOn;
  private boolean broken;
  private long lastUsed;
  private boolean closed;
  private int connections;

  ImapConnection(ImapAccount account, @Nullable IMAPStore lent, ImapCommandListener commands) {
    this.account = account;
    this.lent = lent;
    this.commands = commands;
    this.writeTimeouts =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ferry-imap-write-timeout");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs work on the connection, connecting first if needed. When the connection turns out dead
   * before the work sent anything that may change the mailbox (typically a server that closed an
   * idle connection), the work is run once more on a new connection: nothing can have happened.
   */
  <T> T run(String context, Function<ImapWire, T> work) {
    for (int attempt = 1; ; attempt++) {
      if (closed) {
        throw new IllegalStateException("session is closed");
      }
      IMAPFolder folder = connect();
      AtomicReference<ImapWire> wire = new AtomicReference<>();
      try {
        @SuppressWarnings("unchecked")
        T result =
            (T)
                folder.doCommand(
                    p -> {
                      ImapWire w = new ImapWire(this, p);
                      wire.set(w);
                      return work.apply(w);
                    });
        lastUsed = System.nanoTime();
        return result;
      } catch (ImapOperationException e) {
        if (!e.outcomeUnknown()) {
          throw e;
        }
        drop();
        ImapWire w = wire.get();
        if (attempt > 1
            || e.reason() != FailureReason.CONNECTION_LOST
            || w == null
            || w.sentChangingCommand()) {
          throw e;
        }
        LOG.info(
            "{}: connection was dead before {}; reconnecting and trying again", account, context);
      } catch (MessagingException e) {
        ImapOperationException classified = ErrorClassifier.fromThrowable(e, context);
        drop();
        throw classified;
      }
    }
  }

  /** Connects (again) when there is no live connection; returns the command handle. */
  IMAPFolder connect() {
    if (lent != null) {
      return connectLent(lent);
    }
    IMAPStore current = store;
    IMAPFolder currentHandle = handle;
    if (current != null && currentHandle != null && !broken) {
      // After a quiet spell the server may have logged us out: find out with a NOOP now rather
      // than from a command whose outcome would then be unknown.
      if (System.nanoTime() - lastUsed < IDLE_CHECK_NANOS || current.isConnected()) {
        lastUsed = System.nanoTime();
        return currentHandle;
      }
      LOG.info("{}: connection closed while idle, reconnecting", account);
    }
    drop();
    IMAPStore s = null;
    try {
      Credentials credentials = account.credentials().credentials();
      Session session = Session.getInstance(properties(credentials.kind()));
      connections++;
      if (account.protocolTrace() && TRACE.isDebugEnabled()) {
        String label =
            "["
                + account.user()
                + "@"
                + account.host()
                + ":"
                + account.port()
                + " #"
                + connections
                + "]";
        session.setDebugOut(
            ProtocolTraceStream.printStream(
                label,
                TRACE,
                ProtocolTraceStream.secretForms(account.user(), credentials.secret())));
        session.setDebug(true);
      }
      s = new GuardedImapStore(session, account.tlsMode(), credentials.kind());
      long started = System.nanoTime();
      boolean ok = false;
      try {
        s.connect(account.host(), account.port(), account.user(), credentials.secret());
        ok = true;
      } finally {
        commandFinished(ImapCommandListener.CONNECT, System.nanoTime() - started, ok);
      }
      IMAPFolder h = adopt(s);
      LOG.debug("Connected to {} with capabilities {}", account, capabilities.names());
      return h;
    } catch (MessagingException | RuntimeException e) {
      closeQuietly(s);
      throw ErrorClassifier.fromThrowable(e, "connect to " + account);
    }
  }

  /**
   * The lent store's command handle. The embedder may have used the connection since our last
   * command, so nothing is assumed selected; a store it closed is not reconnected. Checked on every
   * call (a NOOP): Angus would otherwise log a closed store in again behind the embedder's back.
   */
  private IMAPFolder connectLent(IMAPStore s) {
    boolean connected = s.isConnected();
    IMAPFolder current = handle;
    if (connected && current != null && !broken) {
      selected = null;
      selectedOn = null;
      return current;
    }
    drop();
    if (!connected) {
      throw new ImapOperationException(
          FailureReason.CONNECTION_LOST,
          account
              + ": the IMAPStore lent for this account is not connected; Ferry does not reconnect"
              + " a lent store: connect it again, or end the loan",
          null,
          null);
    }
    try {
      return adopt(s);
    } catch (MessagingException | RuntimeException e) {
      throw ErrorClassifier.fromThrowable(e, "use the IMAPStore lent for " + account);
    }
  }

  /** Tells the command listener; what it throws is logged, never the session's failure. */
  void commandFinished(String command, long nanos, boolean ok) {
    try {
      commands.commandFinished(command, Duration.ofNanos(nanos), ok);
    } catch (RuntimeException e) {
      LOG.debug("The IMAP command listener threw; ignored", e);
    }
  }

  /** Takes a connected store as this connection's: its command handle and capabilities. */
  private IMAPFolder adopt(IMAPStore s) throws MessagingException {
    IMAPFolder h = (IMAPFolder) s.getFolder("INBOX");
    @SuppressWarnings("unchecked")
    Set<String> names = (Set<String>) h.doCommand(p -> new HashSet<>(p.getCapabilities().keySet()));
    names.removeAll(account.ignoredCapabilities());
    this.capabilities = new ServerCapabilities(names);
    this.store = s;
    this.handle = h;
    this.broken = false;
    this.lastUsed = System.nanoTime();
    return h;
  }

  ServerCapabilities capabilities() {
    connect();
    ServerCapabilities c = capabilities;
    if (c == null) {
      throw new IllegalStateException("not connected");
    }
    return c;
  }

  /** The capabilities of the current connection, for use inside {@link #run}. */
  ServerCapabilities knownCapabilities() {
    ServerCapabilities c = capabilities;
    if (c == null) {
      throw new IllegalStateException("not connected");
    }
    return c;
  }

  @Nullable SelectedFolder selected() {
    return broken ? null : selected;
  }

  @Nullable SelectedFolder selectedOn(IMAPProtocol protocol) {
    return protocol == selectedOn && !broken ? selected : null;
  }

  void setSelected(@Nullable SelectedFolder folder, IMAPProtocol protocol) {
    this.selected = folder;
    this.selectedOn = folder == null ? null : protocol;
  }

  /** The connection died or can no longer be trusted (a reply may still arrive): cut it. */
  void broken(IMAPProtocol protocol) {
    broken = true;
    selected = null;
    selectedOn = null;
    try {
      protocol.disconnect();
    } catch (RuntimeException e) {
      LOG.debug("Ignoring failure while disconnecting", e);
    }
  }

  /** Closes the store (a lent one is only forgotten); the next call reconnects. */
  void drop() {
    IMAPStore s = store;
    store = null;
    handle = null;
    selected = null;
    selectedOn = null;
    broken = false;
    if (s != lent) {
      closeQuietly(s);
    }
  }

  @Override
  public void close() {
    closed = true;
    drop();
    writeTimeouts.shutdownNow();
  }

  private static void closeQuietly(@Nullable IMAPStore s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("Ignoring failure while closing the store", e);
    }
  }

  private String protocolName() {
    return GuardedImapStore.protocolName(account.tlsMode());
  }

  private Properties properties(Credentials.Kind kind) {
    String p = "mail." + protocolName() + ".";
    Properties props = new Properties();
    props.setProperty(p + "connectiontimeout", millis(account.connectTimeout().toMillis()));
    props.setProperty(p + "timeout", millis(account.readTimeout().toMillis()));
    props.setProperty(p + "writetimeout", millis(account.writeTimeout().toMillis()));
    props.put(p + "executor.writetimeout", writeTimeouts);
    props.setProperty(p + "connectionpoolsize", "1");
    props.setProperty(p + "separatestoreconnection", "false");
    switch (account.tlsMode()) {
      case IMPLICIT:
        props.setProperty(p + "ssl.enable", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
        break;
      case STARTTLS_REQUIRED:
        props.setProperty(p + "starttls.enable", "true");
        props.setProperty(p + "starttls.required", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
        break;
      case NONE:
        LOG.warn("{}: TLS is off, the password or token travels in clear text", account);
        break;
    }
    if (account.sslSocketFactory() != null) {
      props.put(p + "ssl.socketFactory", account.sslSocketFactory());
    }
    BoundedSockets.install(props, p); // Angus bounds no response: a hostile server fills the heap
    // Each secret with its own mechanisms only. GuardedImapStore refuses a server that offers
    // none of them: Angus would otherwise fall back to the LOGIN command.
    if (kind == Credentials.Kind.OAUTH2_TOKEN) {
      props.setProperty(p + "auth.mechanisms", "XOAUTH2");
      props.setProperty(p + "auth.xoauth2.disable", "false");
      // Belt and braces: Angus consults these only for its default list, which we replaced.
      props.setProperty(p + "auth.login.disable", "true");
      props.setProperty(p + "auth.plain.disable", "true");
      props.setProperty(p + "auth.ntlm.disable", "true");
    } else {
      props.setProperty(p + "auth.mechanisms", "PLAIN LOGIN");
      props.setProperty(p + "auth.xoauth2.disable", "true");
    }
    props.setProperty(p + "sasl.enable", "false");
    // Angus's own trace leaves credentials out only while these stay false; never trust the
    // environment's defaults for them (ProtocolTraceStream redacts as well).
    props.setProperty("mail.debug.auth", "false");
    props.setProperty("mail.debug.auth.password", "false");
    return props;
  }

  private static String millis(long value) {
    return Long.toString(value);
  }
}
