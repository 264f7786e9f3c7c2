package io.github.ferrymail.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A TCP relay in front of a plain IMAP server that notes the name of every command the client sends
 * ({@code UID STORE}, {@code SELECT}, ...), and never its arguments, so no credential is kept. Both
 * sockets have {@code TCP_NODELAY} and the server's bytes pass through as read, so the relay adds
 * no Nagle delay per round trip. (The imap test fixture {@code FaultInjectingProxy} writes each
 * response line separately without {@code TCP_NODELAY}; 20,000 round trips through it took many
 * minutes.)
 *
 * <p>Good enough for counting, not for faults: it follows literals ({@code {n}}, {@code {n+}}) in
 * the client's commands, and takes a line of a single word (an AUTHENTICATE continuation) for what
 * it is, not a command.
 */
final class CountingRelay implements AutoCloseable {
  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}\\r?\\n$");

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private CountingRelay(ServerSocket listener, String targetHost, int targetPort) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts a relay on a free port of 127.0.0.1. */
  static CountingRelay start(String targetHost, int targetPort) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      CountingRelay relay = new CountingRelay(listener, targetHost, targetPort);
      daemon(relay::acceptLoop, "counting-relay-accept").start();
      return relay;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the relay's port", e);
    }
  }

  String host() {
    return "127.0.0.1";
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Forgets the commands seen so far. */
  void reset() {
    commands.clear();
  }

  /** The command names seen since the start or the last {@link #reset()}, in order. */
  List<String> commandNames() {
    return List.copyOf(commands);
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    sockets.forEach(CountingRelay::closeQuietly);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(targetHost, targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        daemon(() -> clientToServer(client, server), "counting-relay-c2s").start();
        daemon(() -> serverToClient(server, client), "counting-relay-s2c").start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void clientToServer(Socket client, Socket server) {
    try (InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = server.getOutputStream()) {
      byte[] line;
      boolean inCommand = false;
      while ((line = readLine(in)) != null) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        String name = inCommand ? null : commandName(text);
        if (name != null) {
          commands.add(name);
        }
        out.write(line);
        out.flush();
        Matcher literal = LITERAL.matcher(text);
        inCommand = literal.find();
        if (inCommand) {
          // The literal's bytes; the command goes on in the next line.
          copy(in, out, Long.parseLong(literal.group(1)));
        }
      }
    } catch (IOException e) {
      // A side hung up: the other follows when its socket closes.
    } finally {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  private static void copy(InputStream in, OutputStream out, long count) throws IOException {
    byte[] buffer = new byte[8192];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n == -1) {
        throw new IOException("client closed inside a literal");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    out.flush();
  }

  private static void serverToClient(Socket server, Socket client) {
    try (InputStream in = server.getInputStream();
        OutputStream out = client.getOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // As above.
    } finally {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  /** {@code "a1 UID STORE 1:5 ..."} gives {@code "UID STORE"}; a single word gives null. */
  static @Nullable String commandName(String line) {
    String[] parts = line.trim().split("\\s+");
    if (parts.length < 2) {
      return null;
    }
    String name = parts[1].toUpperCase(Locale.ROOT);
    if (name.equals("UID") && parts.length > 2) {
      return "UID " + parts[2].toUpperCase(Locale.ROOT);
    }
    return name;
  }

  private static byte @Nullable [] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        return line.toByteArray();
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Being abandoned anyway.
    }
  }
}
