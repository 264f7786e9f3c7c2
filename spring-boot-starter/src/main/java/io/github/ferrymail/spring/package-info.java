/**
 * Spring Boot auto-configuration for Ferry: {@link
 * io.github.ferrymail.spring.FerryAutoConfiguration} (store, executor, processor), {@link
 * io.github.ferrymail.spring.FerryActuatorAutoConfiguration} (health and endpoint) and {@link
 * io.github.ferrymail.spring.FerryMetricsAutoConfiguration} (Micrometer). Settings: {@link
 * io.github.ferrymail.spring.FerryProperties}.
 */
@NullMarked
package io.github.ferrymail.spring;

import org.jspecify.annotations.NullMarked;
