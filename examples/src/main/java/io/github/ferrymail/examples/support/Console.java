package io.github.ferrymail.examples.support;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits for the person at the console. */
public final class Console {
  private Console() {}

  /**
   * Returns once Enter is pressed, the input ends, or {@code atMost} has passed, whichever comes
   * first, so that a program left running unattended still stops.
   *
   * @param atMost the longest wait
   */
  public static void awaitEnter(Duration atMost) {
    CountDownLatch entered = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                System.in.read();
              } catch (IOException e) {
                // No console: stop as if Enter was pressed.
              }
              entered.countDown();
            },
            "await-enter");
    reader.setDaemon(true); // a read that never returns must not keep the JVM alive
    reader.start();
    try {
      entered.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
