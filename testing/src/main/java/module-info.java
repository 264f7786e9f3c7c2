/**
 * Ferry for embedders' own tests: {@link
 * io.github.ferrymail.testing.InMemoryPendingOperationStore}, {@link
 * io.github.ferrymail.testing.ScriptedExecutor}, {@link
 * io.github.ferrymail.testing.RecordingListener} and {@link
 * io.github.ferrymail.testing.SettableClock}.
 */
module io.github.ferrymail.testing {
  requires transitive io.github.ferrymail.core;
  requires static org.jspecify;

  exports io.github.ferrymail.testing;
}
