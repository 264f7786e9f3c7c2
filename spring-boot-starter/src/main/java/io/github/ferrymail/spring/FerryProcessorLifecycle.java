package io.github.ferrymail.spring;

import io.github.ferrymail.core.processor.QueueProcessor;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the processor's background workers once the context is up, and closes the processor when
 * it stops: running passes finish (and release their leases) within the processor's shutdown
 * timeout. A processor cannot start again after closing, so a stopped context's Ferry stays
 * stopped.
 */
public class FerryProcessorLifecycle implements SmartLifecycle {
  private final QueueProcessor processor;
  private final boolean autoStart;
  private volatile boolean running;

  /**
   * Creates the lifecycle.
   *
   * @param processor the processor
   * @param autoStart whether to start with the context
   */
  public FerryProcessorLifecycle(QueueProcessor processor, boolean autoStart) {
    this.processor = processor;
    this.autoStart = autoStart;
  }

  @Override
  public void start() {
    processor.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    processor.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return autoStart;
  }
}
