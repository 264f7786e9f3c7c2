package io.github.ferrymail.imap.support;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fills a folder fast on a server with MULTIAPPEND (RFC 3502) and LITERAL+ (RFC 7888), such as
 * Dovecot: a thousand messages per APPEND command, sent without waiting for continuations. One
 * APPEND per message, as Jakarta Mail sends them, takes minutes for 10,000 messages on a busy
 * machine.
 */
public final class MultiAppend {
  private static final int PER_COMMAND = 1000;

  private MultiAppend() {}

  /** Appends the messages in order, so that their UIDs follow that order. */
  public static void append(Endpoint endpoint, String folder, List<byte[]> messages) {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      in.readLine(); // greeting
      send(out, "l LOGIN " + quoted(endpoint.user()) + " " + quoted(endpoint.password()) + "\r\n");
      out.flush();
      expectOk(in, "l");
      for (int from = 0; from < messages.size(); from += PER_COMMAND) {
        send(out, "a APPEND " + quoted(folder));
        for (byte[] message :
            messages.subList(from, Math.min(from + PER_COMMAND, messages.size()))) {
          send(out, " {" + message.length + "+}\r\n");
          out.write(message);
        }
        send(out, "\r\n");
        out.flush();
        expectOk(in, "a");
      }
      send(out, "z LOGOUT\r\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + folder, e);
    }
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void expectOk(BufferedReader in, String tag) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith(tag + " ")) {
        if (!line.startsWith(tag + " OK")) {
          throw new IOException("server refused: " + line);
        }
        return;
      }
    }
    throw new IOException("server closed the connection");
  }

  private static String quoted(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
