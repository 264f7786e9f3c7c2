/** {@link io.github.ferrymail.micrometer.FerryMetrics}: Ferry's meters on a Micrometer registry. */
@NullMarked
package io.github.ferrymail.micrometer;

import org.jspecify.annotations.NullMarked;
