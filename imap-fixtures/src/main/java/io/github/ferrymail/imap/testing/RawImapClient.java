package io.github.ferrymail.imap.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare IMAP client for the fixtures' own tests: sends exact lines and reads exact responses, so a
 * test sees precisely what crossed the wire.
 */
final class RawImapClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawImapClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects with a 10 s read timeout (tests of silence set their own). */
  static RawImapClient connect(String host, int port) throws IOException {
    var socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 10_000);
    socket.setSoTimeout(10_000);
    return new RawImapClient(socket);
  }

  void readTimeoutMillis(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** Reads one line without its line end, or null when the server closed the connection. */
  String readLine() throws IOException {
    byte[] line = ImapWire.readLine(in);
    return line == null ? null : ImapWire.text(line);
  }

  /** Sends one line (CRLF added). */
  void send(String line) throws IOException {
    out.write(ImapWire.line(line));
    out.flush();
  }

  /** Sends raw bytes, for literals. */
  void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Sends a command and reads up to its tagged reply.
   *
   * @return every line read, the tagged reply last; when the connection closes first, the lines
   *     read until then (so the last one is not tagged)
   */
  List<String> command(String tag, String command) throws IOException {
    send(tag + " " + command);
    return readUntilTagged(tag);
  }

  /** Reads lines up to and including the tagged reply for {@code tag}, or until the end. */
  List<String> readUntilTagged(String tag) throws IOException {
    var lines = new ArrayList<String>();
    String line;
    while ((line = readLine()) != null) {
      lines.add(line);
      if (line.startsWith(tag + " ")) {
        break;
      }
    }
    return lines;
  }

  /** Appends a message with a synchronizing literal, waiting for the server's "+" first. */
  List<String> append(String tag, String folder, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
    send(tag + " APPEND " + folder + " {" + bytes.length + "}");
    String go = readLine();
    if (go == null || !go.startsWith("+")) {
      throw new IOException("expected a continuation, got " + go);
    }
    sendBytes(bytes);
    send("");
    return readUntilTagged(tag);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
