package io.github.ferrymail.imap.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ferrymail.imap.ImapAccount;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what is logged on the protocol trace logger while it is open. */
public final class TraceCapture implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private TraceCapture(Logger logger) {
    this.logger = logger;
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts collecting on {@link ImapAccount#PROTOCOL_TRACE_LOGGER}. */
  public static TraceCapture start() {
    return new TraceCapture((Logger) LoggerFactory.getLogger(ImapAccount.PROTOCOL_TRACE_LOGGER));
  }

  /** Every message logged so far, formatted. */
  public List<String> lines() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** The events logged so far. */
  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
