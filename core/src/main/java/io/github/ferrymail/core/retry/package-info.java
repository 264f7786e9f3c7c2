/** Retry policy: backoff with jitter and the classification of failures. */
@NullMarked
package io.github.ferrymail.core.retry;

import org.jspecify.annotations.NullMarked;
