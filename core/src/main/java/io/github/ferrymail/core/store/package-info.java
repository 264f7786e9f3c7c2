/** The in-memory store, for tests and prototypes (not durable). */
@NullMarked
package io.github.ferrymail.core.store;

import org.jspecify.annotations.NullMarked;
