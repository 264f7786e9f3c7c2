package io.github.ferrymail.benchmarks;

import java.time.Duration;

/** One way of doing an {@link ImapJob} against the server. */
interface ImapVariant {

  /** A short name for the report. */
  String name();

  /**
   * Connects and logs in (not timed, unless the variant says otherwise), calls {@code loggedIn},
   * then does the job.
   *
   * @param endpoint where to connect
   * @param job what to do
   * @param loggedIn called once logged in, right before the timed part (the counting run resets the
   *     proxy's count there)
   * @return how long the job took
   */
  Duration run(Endpoint endpoint, ImapJob job, Runnable loggedIn) throws Exception;
}
