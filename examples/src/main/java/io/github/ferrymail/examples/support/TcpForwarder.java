package io.github.ferrymail.examples.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny TCP forwarder on a free loopback port, standing for the network between Ferry and the IMAP
 * server so that the examples can make the server "go away": {@link #cut()} drops every open
 * connection and hangs up on new ones at once, {@link #restore()} lets them through again.
 */
public final class TcpForwarder implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads;
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean up = true;

  private TcpForwarder(ServerSocket listener, String targetHost, int targetPort) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "tcp-forwarder-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /**
   * Starts forwarding from a free loopback port to {@code host:port}.
   *
   * @param host the target host
   * @param port the target port
   * @return the running forwarder; close it when done
   * @throws UncheckedIOException when no port can be bound
   */
  public static TcpForwarder start(String host, int port) {
    try {
      return new TcpForwarder(
          new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), host, port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the forwarder", e);
    }
  }

  /**
   * The loopback port to connect to instead of the target's.
   *
   * @return the port
   */
  public int port() {
    return listener.getLocalPort();
  }

  /** The network fails: open connections are dropped, new ones are hung up on at once. */
  public void cut() {
    up = false;
    closeAll();
  }

  /** The network is back: new connections reach the target again. */
  public void restore() {
    up = true;
  }

  /**
   * How many connections were hung up on while cut.
   *
   * @return the count
   */
  public int refusedConnections() {
    return refused.get();
  }

  @Override
  public void close() {
    up = false;
    try {
      listener.close();
    } catch (IOException e) {
      // Closing anyway; nothing to recover.
    }
    closeAll();
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        continue; // closed: the loop ends
      }
      if (!up) {
        refused.incrementAndGet();
        close(client);
        continue;
      }
      try {
        Socket server = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(server);
        threads.execute(() -> pump(client, server));
        threads.execute(() -> pump(server, client));
      } catch (IOException e) {
        close(client); // the target refused: the client sees a dropped connection
      }
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // One side went away; the finally block closes the other.
    } finally {
      close(from);
      close(to);
    }
  }

  private void closeAll() {
    for (Socket s : Set.copyOf(open)) {
      close(s);
    }
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // Already gone.
    }
  }
}
