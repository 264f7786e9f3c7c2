package io.github.ferrymail.imap.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through a {@link FaultInjectingProxy}: a thread copies the client's
 * commands to the server line by line, another copies the server's responses back, response by
 * response, unless a fault holds them back.
 */
final class ProxyConnection {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);

  /** A fault that took a command of this connection; the server's answers are held back. */
  private record Armed(String tag, FaultInjectingProxy.Action action) {}

  private final FaultInjectingProxy proxy;
  private final Socket client;
  private final Socket server;
  private volatile @Nullable Armed armed;
  // The tag of an AUTHENTICATE or IDLE in progress: until its tagged reply the client sends
  // continuation lines, not commands.
  private volatile @Nullable String continuationTag;
  private volatile @Nullable ScheduledFuture<?> cutTimer;
  private volatile boolean dropped;

  ProxyConnection(FaultInjectingProxy proxy, Socket client, Socket server) {
    this.proxy = proxy;
    this.client = client;
    this.server = server;
  }

  /** Closes both sockets; both pumps then end. */
  void drop() {
    dropped = true;
    ScheduledFuture<?> timer = cutTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    FaultInjectingProxy.closeQuietly(client);
    FaultInjectingProxy.closeQuietly(server);
    proxy.forget(this);
  }

  void pumpClientToServer() {
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = server.getOutputStream();
      byte[] line;
      while ((line = ImapWire.readLine(in)) != null) {
        if (!proxy.awaitFlow() || dropped) {
          break;
        }
        String tagOfContinuation = continuationTag;
        if (tagOfContinuation != null) {
          out.write(line);
          out.flush();
          continue;
        }
        var command = ImapWire.Command.parse(ImapWire.text(line));
        FaultInjectingProxy.Fault fault = proxy.take(command);
        if (fault != null && fault.action() == FaultInjectingProxy.Action.CUT_BEFORE) {
          drop();
          return;
        }
        forwardCommand(command, line, in, out, fault);
      }
    } catch (IOException e) {
      logUnlessDropped("client", e);
    }
    // The client hung up or broke: so does the proxy, whatever a fault holds back.
    drop();
  }

  void pumpServerToClient() {
    try {
      InputStream in = new BufferedInputStream(server.getInputStream());
      OutputStream out = client.getOutputStream();
      while (true) {
        var response = new ByteArrayOutputStream();
        byte[] line = ImapWire.readLine(in);
        if (line == null) {
          break;
        }
        String first = ImapWire.text(line);
        while (true) {
          response.write(line);
          ImapWire.Literal literal = ImapWire.literalAtEnd(line);
          if (literal == null) {
            break;
          }
          ImapWire.copy(in, response, literal.size());
          line = ImapWire.readLine(in);
          if (line == null) {
            throw new IOException("server closed inside a response");
          }
        }
        Armed hold = armed;
        if (hold != null) {
          if (hold.action() == FaultInjectingProxy.Action.CUT_AFTER
              && first.startsWith(hold.tag() + " ")) {
            LOG.info("proxy {}: dropping the connection instead of '{}'", proxy.port(), first);
            drop();
            return;
          }
          continue; // held back: the client never sees it
        }
        if (!proxy.awaitFlow() || dropped) {
          break;
        }
        String tagOfContinuation = continuationTag;
        if (tagOfContinuation != null && first.startsWith(tagOfContinuation + " ")) {
          continuationTag = null;
        }
        response.writeTo(out);
        out.flush();
      }
    } catch (IOException e) {
      logUnlessDropped("server", e);
    }
    // While a reply is swallowed the client must see nothing, not even the server hanging up.
    Armed hold = armed;
    if (hold == null || hold.action() != FaultInjectingProxy.Action.SWALLOW_REPLY) {
      drop();
    }
  }

  /**
   * Forwards a command line by line, its literals byte for byte, and records it. A fault is armed
   * just before the command's last line goes out, so no reply to it can slip past.
   */
  private void forwardCommand(
      ImapWire.Command command,
      byte[] firstLine,
      InputStream in,
      OutputStream out,
      FaultInjectingProxy.@Nullable Fault fault)
      throws IOException {
    var seen = new StringBuilder();
    byte[] line = firstLine;
    while (true) {
      seen.append(ImapWire.text(line));
      ImapWire.Literal literal = ImapWire.literalAtEnd(line);
      if (literal == null) {
        break;
      }
      out.write(line);
      out.flush();
      // A synchronizing literal's bytes come only after the server's "+", which passes freely.
      ImapWire.copy(in, out, literal.size());
      out.flush();
      seen.append('[').append(literal.size()).append(" bytes]");
      line = ImapWire.readLine(in);
      if (line == null) {
        throw new IOException("client closed inside a command");
      }
    }
    if (command.is("AUTHENTICATE") || command.is("IDLE")) {
      continuationTag = command.tag();
    }
    if (fault != null) {
      arm(command.tag(), fault.action());
    }
    proxy.record(redact(command, seen.toString()));
    out.write(line);
    out.flush();
  }

  private void arm(String tag, FaultInjectingProxy.Action action) {
    armed = new Armed(tag, action);
    if (action == FaultInjectingProxy.Action.CUT_AFTER) {
      long wait = proxy.replyWait().toMillis();
      cutTimer =
          proxy
              .timer()
              .schedule(
                  () -> {
                    if (!dropped) {
                      LOG.warn("proxy {}: no reply to {} within {} ms", proxy.port(), tag, wait);
                      drop();
                    }
                  },
                  wait,
                  TimeUnit.MILLISECONDS);
    }
  }

  private static String redact(ImapWire.Command command, String text) {
    if (command.is("LOGIN") || command.is("AUTHENTICATE")) {
      return command.tag() + " " + command.name() + " [credentials elided]";
    }
    return text;
  }

  private void logUnlessDropped(String side, IOException e) {
    if (!dropped) {
      LOG.debug("proxy {}: {} side ended: {}", proxy.port(), side, e.toString());
    }
  }
}
