/**
 * The pending overlay: the effect of queued operations on the messages they name, for a sync engine
 * that applies the server's state and then what the user is still waiting for.
 */
@NullMarked
package io.github.ferrymail.core.overlay;

import org.jspecify.annotations.NullMarked;
