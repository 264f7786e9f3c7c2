package io.github.ferrymail.imap;

import java.time.Duration;

/**
 * Told of every IMAP command a session of the executor sends, for timers per command (see {@code
 * FerryImapMetrics} in {@code ferry-micrometer}) or tracing. Called on the session's thread right
 * after the tagged answer, so it must be quick; what it throws is logged and ignored.
 *
 * <p>The command is named without its arguments ({@code UID MOVE}, {@code UID STORE}, {@code
 * SELECT}, {@code NOOP}, {@code LIST}...), so that a timer tagged by it has a bounded number of
 * series; {@link #CONNECT} stands for connecting, TLS and logging in.
 */
@FunctionalInterface
public interface ImapCommandListener {
  /** The name given to connecting, TLS and login, which are several commands. */
  String CONNECT = "CONNECT";

  /** Listens to nothing. */
  ImapCommandListener NONE = (command, duration, ok) -> {};

  /**
   * A command got its answer, or failed without one.
   *
   * @param command the command's name, without arguments
   * @param duration from sending it to its answer
   * @param ok whether the server answered OK
   */
  void commandFinished(String command, Duration duration, boolean ok);
}
