package io.github.ferrymail.micrometer;

import io.github.ferrymail.imap.ImapCommandListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * A timer per IMAP command, {@value #COMMANDS}, tagged {@code command} (its name without arguments:
 * {@code UID MOVE}, {@code SELECT}, {@code CONNECT} for connecting and logging in) and {@code
 * outcome} ({@code ok} or {@code failed}). Plug it into the IMAP executor:
 *
 * <pre>{@code
 * ImapOperationExecutor executor = ImapOperationExecutor.builder(resolver)
 *     .commandListener(FerryImapMetrics.create(registry))
 *     .build();
 * }</pre>
 *
 * <p>Needs {@code ferry-imap} on the class path (an optional dependency of this module).
 */
public final class FerryImapMetrics implements ImapCommandListener {
  /** Timer of IMAP commands. */
  public static final String COMMANDS = "ferry.imap.commands";

  private final MeterRegistry registry;

  private FerryImapMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The timers on a registry.
   *
   * @param registry the registry
   * @return the command listener
   */
  public static FerryImapMetrics create(MeterRegistry registry) {
    return new FerryImapMetrics(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void commandFinished(String command, Duration duration, boolean ok) {
    Timer.builder(COMMANDS)
        .description("IMAP commands Ferry sent, from sending to the answer")
        .tag("command", command)
        .tag("outcome", ok ? "ok" : "failed")
        .register(registry)
        .record(duration);
  }
}
