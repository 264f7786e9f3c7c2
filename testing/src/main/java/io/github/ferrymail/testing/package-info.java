/**
 * Ferry for an application's own tests: {@link
 * io.github.ferrymail.testing.InMemoryPendingOperationStore} (a complete store, not durable),
 * {@link io.github.ferrymail.testing.ScriptedExecutor} (an executor the test scripts instead of a
 * server), {@link io.github.ferrymail.testing.RecordingListener} (the listener events, kept for
 * assertions) and {@link io.github.ferrymail.testing.SettableClock} (time that moves only when the
 * test moves it). Use it at test scope; nothing here is meant for production.
 */
@NullMarked
package io.github.ferrymail.testing;

import org.jspecify.annotations.NullMarked;
