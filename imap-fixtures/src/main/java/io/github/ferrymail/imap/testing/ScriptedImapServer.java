package io.github.ferrymail.imap.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny IMAP server on a free port of 127.0.0.1 that answers what a test scripts, for responses no
 * real server gives on demand: a COPY without COPYUID on a server that claims UIDPLUS, a malformed
 * COPYUID, a BAD, a hang-up in mid-command.
 *
 * <pre>{@code
 * try (var server = ScriptedImapServer.builder()
 *         .capabilities("IMAP4rev1 UIDPLUS")
 *         .expect("UID COPY 1:2 Archive", "{tag} OK [COPYUID banana 1:2] Done")
 *         .start()) {
 *   // connect Angus Mail to server.host():server.port() as any user with any password
 * }
 * }</pre>
 *
 * <p>Expectations are used up in order, over all connections: a command whose text after the tag
 * matches the next expectation's regular expression (whole, ignoring case) gets that expectation's
 * lines, with {@code {tag}} replaced by the command's tag. Any other command gets a default answer,
 * so that a real client can log in and select: CAPABILITY, LOGIN, AUTHENTICATE, LOGOUT, NOOP,
 * CHECK, SELECT and EXAMINE (of any folder, see {@link Builder#mailbox}), LIST (any folder exists),
 * CLOSE, UNSELECT, ENABLE and ID. Everything else is answered {@code BAD} and listed in {@link
 * #unexpectedCommands()}. A script's expectation takes precedence over a default.
 */
public final class ScriptedImapServer implements AutoCloseable {

  /** The capabilities unless {@link Builder#capabilities} says otherwise. */
  public static final String DEFAULT_CAPABILITIES = "IMAP4rev1 LITERAL+ UIDPLUS MOVE UNSELECT";

  private static final Logger LOG = LoggerFactory.getLogger(ScriptedImapServer.class);

  /** What the server does after an expectation's lines. */
  private enum After {
    /** Reads the next command. */
    CONTINUE,
    /** Closes the connection. */
    DISCONNECT,
    /** Writes filler bytes without a line end until the client hangs up or the bound is reached. */
    FLOOD,
    /** Says nothing more, reading (and ignoring) whatever comes until the client hangs up. */
    STALL
  }

  /** One scripted exchange; {@code raw} is sent as is, without a line end, before the lines. */
  private record Expectation(
      Pattern command, String raw, List<String> lines, After after, long floodBytes) {}

  private final ServerSocket listener;
  private final String capabilities;
  private final String greeting;
  private final List<String> selectLines;
  private final List<Expectation> script;
  private int next;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong flooded =
      new java.util.concurrent.atomic.AtomicLong();
  private final boolean silent;
  private volatile boolean closed;

  private ScriptedImapServer(Builder builder, ServerSocket listener) {
    this.listener = listener;
    this.capabilities = builder.capabilities;
    this.greeting =
        builder.greeting != null
            ? builder.greeting
            : "* OK [CAPABILITY " + capabilities + "] Scripted IMAP server ready";
    this.selectLines =
        List.of(
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags",
            "* " + builder.exists + " EXISTS",
            "* 0 RECENT",
            "* OK [UIDVALIDITY " + builder.uidValidity + "] UIDs valid",
            "* OK [UIDNEXT " + builder.uidNext + "] Predicted next UID");
    this.script = List.copyOf(builder.script);
    this.silent = builder.silent;
  }

  /** A builder for a server with {@link #DEFAULT_CAPABILITIES} and an empty script. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address to connect to: {@code 127.0.0.1}. */
  public String host() {
    return "127.0.0.1";
  }

  /** The port to connect to (plain IMAP). */
  public int port() {
    return listener.getLocalPort();
  }

  /** How many connections the server has accepted. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /**
   * Every command received, in order, tag included; literal bytes appear as {@code [n bytes]},
   * LOGIN and AUTHENTICATE arguments are left out.
   */
  public List<String> commandsSeen() {
    return List.copyOf(commands);
  }

  /**
   * Every line the client sent, verbatim and in order, over all connections: command lines,
   * AUTHENTICATE continuation lines and each literal's bytes as one entry (ISO-8859-1, line ends
   * removed). Unlike {@link #commandsSeen()} nothing is elided: for tests that check what a client
   * put on the wire, credentials included.
   */
  public List<String> linesReceived() {
    return List.copyOf(received);
  }

  /**
   * How many filler bytes a {@link Builder#expectThenFlood flood} got onto the wire before the
   * client hung up (or the bound was reached): what the client had to read, at most.
   */
  public long floodedBytes() {
    return flooded.get();
  }

  /** The commands that neither the script nor a default handler expected (answered BAD). */
  public List<String> unexpectedCommands() {
    return List.copyOf(unexpected);
  }

  /** The regular expressions of the expectations not yet used up; empty when the script ran. */
  public synchronized List<String> remainingExpectations() {
    var left = new ArrayList<String>();
    for (Expectation e : script.subList(next, script.size())) {
      left.add(e.command().pattern());
    }
    return left;
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the scripted server's listener", e);
    }
    for (Socket client : List.copyOf(clients)) {
      FaultInjectingProxy.closeQuietly(client);
    }
  }

  private synchronized @Nullable Expectation nextIfMatches(String command) {
    if (next < script.size() && script.get(next).command().matcher(command).matches()) {
      return script.get(next++);
    }
    return null;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        accepted.incrementAndGet();
        clients.add(client);
        var thread = new Thread(() -> serve(client), "scripted-imap-" + port() + "-client");
        thread.setDaemon(true);
        thread.start();
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        LOG.warn("scripted server {} accept failed", port(), e);
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (silent) {
        drain(in);
        return;
      }
      send(out, List.of(greeting), "");
      byte[] line;
      while ((line = ImapWire.readLine(in)) != null) {
        String text = readCommand(line, in, out, received);
        var command = ImapWire.Command.parse(text);
        String rest =
            text.length() > command.tag().length()
                ? text.substring(command.tag().length() + 1)
                : "";
        commands.add(
            command.is("LOGIN") || command.is("AUTHENTICATE")
                ? command.tag() + " " + command.name() + " [credentials elided]"
                : text);
        Expectation scripted = nextIfMatches(rest);
        if (scripted != null) {
          out.write(
              scripted.raw().replace("{tag}", command.tag()).getBytes(StandardCharsets.UTF_8));
          send(out, scripted.lines(), command.tag());
          switch (scripted.after()) {
            case DISCONNECT -> {
              return;
            }
            case FLOOD -> {
              flood(out, scripted.floodBytes());
              return;
            }
            case STALL -> {
              drain(in);
              return;
            }
            default -> {}
          }
        } else if (!answerByDefault(command, rest, in, out)) {
          return;
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("scripted server {}: client connection ended: {}", port(), e.toString());
      }
    } finally {
      clients.remove(client);
    }
  }

  private void flood(OutputStream out, long max) {
    byte[] filler = new byte[64 * 1024];
    java.util.Arrays.fill(filler, (byte) '7');
    try {
      while (flooded.get() < max && !closed) {
        int n = (int) Math.min(filler.length, max - flooded.get());
        out.write(filler, 0, n);
        flooded.addAndGet(n);
      }
      out.flush();
    } catch (IOException e) {
      LOG.debug("scripted server {}: client hung up after {} flooded bytes", port(), flooded.get());
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[4096];
    while (in.read(sink) >= 0) {
      // ignore everything until the client hangs up
    }
  }

  /** The whole command as text, reading its literals (after a "+" for synchronizing ones). */
  private static String readCommand(
      byte[] firstLine, InputStream in, OutputStream out, List<String> received)
      throws IOException {
    var text = new StringBuilder();
    byte[] line = firstLine;
    while (true) {
      received.add(ImapWire.text(line));
      text.append(ImapWire.text(line));
      ImapWire.Literal literal = ImapWire.literalAtEnd(line);
      if (literal == null) {
        return text.toString();
      }
      if (literal.synchronizing()) {
        out.write(ImapWire.line("+ Ready for literal data"));
        out.flush();
      }
      var bytes = new java.io.ByteArrayOutputStream();
      ImapWire.copy(in, bytes, literal.size());
      received.add(ImapWire.text(bytes.toByteArray()));
      text.append('[').append(literal.size()).append(" bytes]");
      line = ImapWire.readLine(in);
      if (line == null) {
        throw new IOException("client closed inside a command");
      }
    }
  }

  /** Answers the commands a client needs to log in and select; false to hang up. */
  private boolean answerByDefault(
      ImapWire.Command command, String rest, InputStream in, OutputStream out) throws IOException {
    String tag = command.tag();
    switch (command.name()) {
      case "CAPABILITY" ->
          send(out, List.of("* CAPABILITY " + capabilities, "{tag} OK CAPABILITY completed"), tag);
      case "LOGIN" -> send(out, List.of("{tag} OK LOGIN completed"), tag);
      case "AUTHENTICATE" -> {
        if (rest.trim().split(" +").length < 3) { // no initial response: ask for one
          send(out, List.of("+ "), tag);
          byte[] response = ImapWire.readLine(in);
          if (response != null) {
            received.add(ImapWire.text(response));
          }
        }
        send(out, List.of("{tag} OK AUTHENTICATE completed"), tag);
      }
      case "LOGOUT" -> {
        send(
            out,
            List.of("* BYE Scripted IMAP server logging out", "{tag} OK LOGOUT completed"),
            tag);
        return false;
      }
      case "NOOP", "CHECK", "CLOSE", "UNSELECT", "ENABLE" ->
          send(out, List.of("{tag} OK " + command.name() + " completed"), tag);
      case "ID" -> send(out, List.of("* ID NIL", "{tag} OK ID completed"), tag);
      case "SELECT", "EXAMINE" -> {
        var lines = new ArrayList<>(selectLines);
        lines.add(
            "{tag} OK ["
                + (command.is("SELECT") ? "READ-WRITE" : "READ-ONLY")
                + "] "
                + command.name()
                + " completed");
        send(out, lines, tag);
      }
      case "LIST" -> {
        // LIST reference mailbox: say that the mailbox asked for exists, whatever it is.
        String[] args = rest.split(" ", 3);
        String mailbox = args.length == 3 ? args[2] : "\"\"";
        String attributes = mailbox.equals("\"\"") ? "(\\Noselect)" : "()";
        send(
            out,
            List.of("* LIST " + attributes + " \"/\" " + mailbox, "{tag} OK LIST completed"),
            tag);
      }
      default -> {
        unexpected.add(tag + " " + rest);
        send(out, List.of("{tag} BAD Unexpected command in this script"), tag);
      }
    }
    return true;
  }

  private static void send(OutputStream out, List<String> lines, String tag) throws IOException {
    for (String line : lines) {
      out.write(ImapWire.line(line.replace("{tag}", tag)));
    }
    out.flush();
  }

  /** Configures a {@link ScriptedImapServer}; each method checks its argument at once. */
  public static final class Builder {
    private String capabilities = DEFAULT_CAPABILITIES;
    private @Nullable String greeting;
    private long uidValidity = 1;
    private long uidNext = 3;
    private int exists = 2;
    private boolean silent;
    private final List<Expectation> script = new ArrayList<>();

    private Builder() {}

    /**
     * The capabilities the server lists (after {@code * CAPABILITY}, and in the default greeting),
     * e.g. {@code "IMAP4rev1"} for a server without UIDPLUS and MOVE. Add {@code AUTH=PLAIN} and
     * clients will AUTHENTICATE instead of LOGIN; both are accepted.
     */
    public Builder capabilities(String capabilities) {
      if (capabilities.isBlank()) {
        throw new IllegalArgumentException("capabilities must not be blank");
      }
      this.capabilities = capabilities;
      return this;
    }

    /** The whole greeting line, e.g. {@code "* OK ready"}; by default it lists the capabilities. */
    public Builder greeting(String greeting) {
      if (!greeting.startsWith("* ")) {
        throw new IllegalArgumentException("greeting must be an untagged line: " + greeting);
      }
      this.greeting = greeting;
      return this;
    }

    /** What the default SELECT and EXAMINE report, for any folder (default 1, 3 and 2). */
    public Builder mailbox(long uidValidity, long uidNext, int exists) {
      if (uidValidity < 1 || uidNext < 1 || exists < 0) {
        throw new IllegalArgumentException(
            "mailbox needs uidValidity >= 1, uidNext >= 1 and exists >= 0: "
                + uidValidity
                + ", "
                + uidNext
                + ", "
                + exists);
      }
      this.uidValidity = uidValidity;
      this.uidNext = uidNext;
      this.exists = exists;
      return this;
    }

    /**
     * Expects, next in the script, a command whose text after the tag matches {@code commandRegex},
     * and answers it with {@code lines} ({@code {tag}} stands for its tag; the last line is usually
     * the tagged status, e.g. {@code "{tag} OK [COPYUID 7 1:2 10:11] Done"}).
     */
    public Builder expect(String commandRegex, String... lines) {
      script.add(new Expectation(compile(commandRegex), "", lines(lines), After.CONTINUE, 0));
      return this;
    }

    /** Like {@link #expect}, then closes the connection without another word. */
    public Builder expectThenDisconnect(String commandRegex, String... lines) {
      script.add(new Expectation(compile(commandRegex), "", List.of(lines), After.DISCONNECT, 0));
      return this;
    }

    /**
     * Answers the command with {@code start} (no line end), then filler digits without any line end
     * until the client hangs up or {@code maxBytes} are written: a response line without end.
     * {@link ScriptedImapServer#floodedBytes()} tells how far it got.
     */
    public Builder expectThenFlood(String commandRegex, String start, long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
      }
      script.add(new Expectation(compile(commandRegex), start, List.of(), After.FLOOD, maxBytes));
      return this;
    }

    /**
     * Answers the command with {@code raw} exactly as given ({@code {tag}} replaced, no line end
     * added: half a line, say), then says nothing more until the client hangs up.
     */
    public Builder expectThenStall(String commandRegex, String raw) {
      script.add(new Expectation(compile(commandRegex), raw, List.of(), After.STALL, 0));
      return this;
    }

    /** Sends no greeting at all: the client waits for the server's first word. */
    public Builder silent() {
      this.silent = true;
      return this;
    }

    /** Starts the server on a free port of 127.0.0.1. */
    public ScriptedImapServer start() {
      try {
        var listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        var server = new ScriptedImapServer(this, listener);
        var thread = new Thread(server::acceptLoop, "scripted-imap-" + server.port() + "-accept");
        thread.setDaemon(true);
        thread.start();
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the scripted server's port", e);
      }
    }

    private static Pattern compile(String commandRegex) {
      if (commandRegex.isBlank()) {
        throw new IllegalArgumentException("commandRegex must not be blank");
      }
      return Pattern.compile(commandRegex, Pattern.CASE_INSENSITIVE);
    }

    private static List<String> lines(String[] lines) {
      if (lines.length == 0) {
        throw new IllegalArgumentException("lines must not be empty: a command needs an answer");
      }
      return List.of(lines);
    }
  }
}
