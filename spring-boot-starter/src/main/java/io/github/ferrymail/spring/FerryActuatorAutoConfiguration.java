package io.github.ferrymail.spring;

import io.github.ferrymail.core.processor.QueueAdmin;
import java.time.Clock;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator's view of Ferry, when the application has Spring Boot's actuator: the health
 * indicator {@code ferry} and the endpoint {@code ferry} ({@link FerryEndpoint}).
 */
@AutoConfiguration(after = FerryAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(QueueAdmin.class)
public class FerryActuatorAutoConfiguration {

  /** Creates the auto-configuration; Spring does. */
  public FerryActuatorAutoConfiguration() {}

  /**
   * The health indicator.
   *
   * @param admin the queue's admin facade
   * @param properties Ferry's settings
   * @return the indicator
   */
  @Bean
  @ConditionalOnEnabledHealthIndicator("ferry")
  @ConditionalOnMissingBean(name = "ferryHealthIndicator")
  public FerryHealthIndicator ferryHealthIndicator(QueueAdmin admin, FerryProperties properties) {
    return new FerryHealthIndicator(admin, properties.getHealth(), Clock.systemUTC());
  }

  /**
   * The endpoint.
   *
   * @param admin the queue's admin facade
   * @return the endpoint
   */
  @Bean
  @ConditionalOnAvailableEndpoint
  @ConditionalOnMissingBean
  public FerryEndpoint ferryEndpoint(QueueAdmin admin) {
    return new FerryEndpoint(admin);
  }
}
