package io.github.ferrymail.imap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy in front of a plain IMAP server (GreenMail, Dovecot) that reads the client's commands
 * and, on cue, loses the server's answer to one of them: the server executes the command but the
 * client never learns it did. Point the client at {@link #host()}:{@link #port()}.
 *
 * <pre>{@code
 * try (var proxy = FaultInjectingProxy.start(dovecot.host(), dovecot.port())) {
 *   FaultInjectingProxy.Fault cut = proxy.cutAfter("MOVE");   // the next MOVE or UID MOVE
 *   ... the client's UID MOVE fails with a lost connection; the messages did move ...
 *   assertThat(cut.triggered()).isEqualTo(1);
 *   assertThat(proxy.commandCount("MOVE")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>A command matches a keyword when its name, after the tag and an optional {@code UID}, equals
 * it ignoring case: {@code MOVE} matches {@code a12 UID MOVE 1:3 Archive}; {@code EXPUNGE} matches
 * both {@code EXPUNGE} and {@code UID EXPUNGE 4}. Each fault is one-shot unless told otherwise
 * ({@link Fault#times}, {@link Fault#always}); faults apply to whichever connection sends the next
 * matching command, the earliest planned fault first. {@link #stall()} makes the whole server look
 * hung until {@link #resume()}. Literals ({@code {n}}, {@code {n+}}) in either direction are passed
 * through intact, so APPEND and FETCH work. STARTTLS and implicit TLS are not supported: the proxy
 * must read the commands.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  /** How long a cut waits for the server's tagged reply before dropping the connection anyway. */
  public static final Duration DEFAULT_REPLY_WAIT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingProxy.class);

  /** What a fault does to the matching command. */
  enum Action {
    /** Drop the connection before the command reaches the server. */
    CUT_BEFORE,
    /**
     * Forward it, wait for the server's tagged reply, drop the connection without passing it on.
     */
    CUT_AFTER,
    /** Forward it and pass nothing from the server on any more; keep the connection open. */
    SWALLOW_REPLY
  }

  /**
   * One planned fault; returned by the planning methods so that a test can widen it and check it
   * happened.
   */
  public static final class Fault {
    private final Action action;
    private final String keyword;
    private int remaining = 1;
    private int triggered;

    private Fault(Action action, String keyword) {
      this.action = action;
      this.keyword = keyword;
    }

    /** Applies to the next {@code n} matching commands instead of only the next one. */
    public synchronized Fault times(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("n must be at least 1: " + n);
      }
      remaining = n;
      return this;
    }

    /** Applies to every matching command from now on. */
    public synchronized Fault always() {
      remaining = Integer.MAX_VALUE;
      return this;
    }

    /** How many commands this fault has hit so far. */
    public synchronized int triggered() {
      return triggered;
    }

    Action action() {
      return action;
    }

    private synchronized boolean tryTrigger(ImapWire.Command command) {
      if (remaining == 0 || !command.is(keyword)) {
        return false;
      }
      if (remaining != Integer.MAX_VALUE) {
        remaining--;
      }
      triggered++;
      return true;
    }

    @Override
    public synchronized String toString() {
      return action + " " + keyword + " (triggered " + triggered + ", remaining " + remaining + ")";
    }
  }

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Duration replyWait;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final ScheduledExecutorService timer;
  private final Object flow = new Object();
  private boolean stalled; // guarded by flow
  private volatile boolean closed;

  private FaultInjectingProxy(
      ServerSocket listener, String targetHost, int targetPort, Duration replyWait) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.replyWait = replyWait;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "fault-proxy-" + listener.getLocalPort() + "-timer"));
  }

  /** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code targetHost:targetPort}. */
  public static FaultInjectingProxy start(String targetHost, int targetPort) {
    return start(targetHost, targetPort, DEFAULT_REPLY_WAIT);
  }

  /**
   * Starts a proxy whose cuts wait at most {@code replyWait} for the server's tagged reply.
   *
   * @throws UncheckedIOException when no port can be opened
   */
  public static FaultInjectingProxy start(String targetHost, int targetPort, Duration replyWait) {
    if (targetHost.isBlank()) {
      throw new IllegalArgumentException("targetHost must not be blank");
    }
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("targetPort out of range: " + targetPort);
    }
    if (replyWait.isNegative() || replyWait.isZero()) {
      throw new IllegalArgumentException("replyWait must be positive: " + replyWait);
    }
    try {
      var listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      var proxy = new FaultInjectingProxy(listener, targetHost, targetPort, replyWait);
      daemon(proxy::acceptLoop, "fault-proxy-" + listener.getLocalPort() + "-accept").start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the proxy's port", e);
    }
  }

  /** The address clients connect to: {@code 127.0.0.1}. */
  public String host() {
    return "127.0.0.1";
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Lets the next command named {@code keyword} reach the server, waits for the server's tagged
   * reply to it (at most the reply wait), then drops both sockets. Nothing the server sent after
   * the command, its untagged responses included, reaches the client.
   */
  public Fault cutAfter(String keyword) {
    return plan(Action.CUT_AFTER, keyword);
  }

  /**
   * Lets the next command named {@code keyword} reach the server and from then on passes nothing
   * from the server to the client, leaving both sockets open: the client waits until its own read
   * timeout.
   */
  public Fault swallowReplyAfter(String keyword) {
    return plan(Action.SWALLOW_REPLY, keyword);
  }

  /**
   * Drops both sockets when the client sends the next command named {@code keyword}, before any of
   * it reaches the server.
   */
  public Fault cutBefore(String keyword) {
    return plan(Action.CUT_BEFORE, keyword);
  }

  /**
   * Forgets every planned fault, the commands seen and the count of connections. Open connections
   * stay open; one whose reply is already being swallowed goes on swallowing (see {@link
   * #dropConnections()}).
   */
  public void reset() {
    faults.clear();
    commands.clear();
    accepted.set(0);
  }

  /**
   * Makes the server look hung: from now on nothing passes either way on any connection, open or
   * new. Sockets stay open and new connections are accepted, but no command reaches the server and
   * nothing comes back, not even a greeting: a client sees only its own read timeout.
   */
  public void stall() {
    synchronized (flow) {
      stalled = true;
    }
    LOG.info("proxy {}: stalled", port());
  }

  /**
   * Ends a {@link #stall()}. The connections it held are dropped first (their clients have given up
   * long ago; a command they sent must not reach the server late), so only new connections carry
   * traffic again.
   */
  public void resume() {
    synchronized (flow) {
      dropConnections();
      stalled = false;
      flow.notifyAll();
    }
    LOG.info("proxy {}: resumed", port());
  }

  /** Drops every open connection now, as a network failure would. */
  public void dropConnections() {
    for (ProxyConnection connection : List.copyOf(connections)) {
      connection.drop();
    }
  }

  /** How many client connections are open through the proxy now. */
  public int connectionsOpen() {
    return connections.size();
  }

  /** How many client connections the proxy has accepted since start or {@link #reset()}. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /**
   * The commands forwarded to the server, in order, over all connections: the tag, name and
   * arguments as sent, each literal's bytes replaced by {@code [n bytes]}, and the arguments of
   * LOGIN and AUTHENTICATE (and the client's AUTHENTICATE and IDLE continuation lines) left out.
   */
  public List<String> commandsSeen() {
    return List.copyOf(commands);
  }

  /** How many forwarded commands were named {@code keyword} (after an optional UID). */
  public long commandCount(String keyword) {
    return commands.stream().filter(c -> ImapWire.Command.parse(c).is(keyword)).count();
  }

  /** Stops accepting and drops every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the proxy's listener", e);
    }
    dropConnections();
    timer.shutdownNow();
  }

  /** The first planned fault that takes {@code command}, using up one of its times. */
  @Nullable Fault take(ImapWire.Command command) {
    for (Fault fault : faults) {
      if (fault.tryTrigger(command)) {
        LOG.info("proxy {}: {} on {} {}", port(), fault.action, command.tag(), command.name());
        return fault;
      }
    }
    return null;
  }

  /** Waits while the proxy is stalled; false when it closed meanwhile. */
  boolean awaitFlow() {
    synchronized (flow) {
      while (stalled && !closed) {
        try {
          flow.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return !closed;
  }

  void record(String command) {
    commands.add(command);
  }

  Duration replyWait() {
    return replyWait;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  void forget(ProxyConnection connection) {
    connections.remove(connection);
  }

  private Fault plan(Action action, String keyword) {
    if (keyword.isBlank() || keyword.contains(" ")) {
      throw new IllegalArgumentException("keyword must be one command name: '" + keyword + "'");
    }
    var fault = new Fault(action, keyword);
    faults.add(fault);
    return fault;
  }

  private void acceptLoop() {
    int n = 0;
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        LOG.warn("proxy {} accept failed", port(), e);
        return;
      }
      accepted.incrementAndGet();
      n++;
      try {
        var server = new Socket(targetHost, targetPort);
        var connection = new ProxyConnection(this, client, server);
        connections.add(connection);
        String name = "fault-proxy-" + port() + "-" + n;
        daemon(connection::pumpClientToServer, name + "-c2s").start();
        daemon(connection::pumpServerToClient, name + "-s2c").start();
      } catch (IOException e) {
        LOG.warn("proxy {} cannot reach {}:{}", port(), targetHost, targetPort, e);
        closeQuietly(client);
      }
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the socket is being abandoned.
    }
  }

  private static Thread daemon(Runnable task, String name) {
    var thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public String toString() {
    var planned = new ArrayList<String>();
    faults.forEach(f -> planned.add(f.toString()));
    return "FaultInjectingProxy["
        + port()
        + " -> "
        + targetHost
        + ":"
        + targetPort
        + ", "
        + planned
        + "]";
  }
}
