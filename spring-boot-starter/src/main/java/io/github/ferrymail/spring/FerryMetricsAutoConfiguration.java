package io.github.ferrymail.spring;

import io.github.ferrymail.core.processor.QueueAdmin;
import io.github.ferrymail.imap.ImapCommandListener;
import io.github.ferrymail.micrometer.FerryImapMetrics;
import io.github.ferrymail.micrometer.FerryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Ferry's meters ({@link FerryMetrics}) on the application's {@link MeterRegistry}, when {@code
 * ferry-micrometer} is on the class path: the listener for the operation counters, the executor
 * decorator for the batch timers, and the queue gauges read through the admin API.
 */
@AutoConfiguration(
    before = FerryAutoConfiguration.class,
    afterName =
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({FerryMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
public class FerryMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring does. */
  public FerryMetricsAutoConfiguration() {}

  /**
   * The meters; a {@code ProcessingListener} bean, which the processor picks up.
   *
   * @param registry the application's registry
   * @return the meters
   */
  @Bean
  @ConditionalOnMissingBean
  public FerryMetrics ferryMetrics(MeterRegistry registry) {
    return FerryMetrics.create(registry);
  }

  /**
   * Times every batch the processor runs.
   *
   * @param metrics the meters
   * @return the decorator
   */
  @Bean
  public OperationExecutorDecorator ferryMetricsTimer(FerryMetrics metrics) {
    return metrics::timed;
  }

  /**
   * Times every IMAP command of Ferry's executor ({@link FerryImapMetrics}).
   *
   * @param registry the application's registry
   * @return the command listener the executor is built with
   */
  @Bean
  @ConditionalOnClass(ImapCommandListener.class)
  public ImapCommandListener ferryImapCommandTimer(MeterRegistry registry) {
    return FerryImapMetrics.create(registry);
  }

  /**
   * Registers the queue gauges once the admin facade exists (it needs the processor, which needs
   * the meters as a listener).
   *
   * @param metrics the meters
   * @param admin the admin facade, when there is a processor
   * @return the binder
   */
  @Bean
  public SmartInitializingSingleton ferryMetricsGauges(
      FerryMetrics metrics, ObjectProvider<QueueAdmin> admin) {
    return () -> admin.ifAvailable(metrics::watch);
  }
}
