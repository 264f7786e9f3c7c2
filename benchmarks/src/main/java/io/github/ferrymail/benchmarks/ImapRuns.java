package io.github.ferrymail.benchmarks;

/**
 * Runs one {@link ImapVariant} on one {@link ImapScenario} the way every IMAP bench does: {@code
 * runs} timed runs straight to the server, each checked on the server and put back, then,
 * optionally, one more run through {@link CountingRelay} to count the commands sent.
 */
final class ImapRuns {
  private ImapRuns() {}

  /** The timed runs; each is verified on the server and the mailbox reset after it. */
  static Measurements time(ImapScenario scenario, ImapVariant variant, Endpoint endpoint, int runs)
      throws Exception {
    Measurements times = new Measurements();
    for (int i = 0; i < runs; i++) {
      ImapJob job = scenario.job();
      times.add(variant.run(endpoint, job, () -> {}));
      scenario.verify();
      scenario.reset();
    }
    return times;
  }

  /** One more run through the relay, not timed: the commands it sent after logging in. */
  static CommandTally countCommands(ImapScenario scenario, ImapVariant variant, Endpoint endpoint)
      throws Exception {
    try (CountingRelay relay = CountingRelay.start(endpoint.host(), endpoint.port())) {
      ImapJob job = scenario.job();
      variant.run(endpoint.via(relay.host(), relay.port()), job, relay::reset);
      CommandTally tally = new CommandTally(relay.commandNames());
      scenario.verify();
      scenario.reset();
      return tally;
    }
  }
}
