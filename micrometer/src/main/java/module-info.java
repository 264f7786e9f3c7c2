/** Micrometer metrics for Ferry's queue processor. */
module io.github.ferrymail.micrometer {
  requires transitive io.github.ferrymail.core;
  requires transitive micrometer.core;
  requires static org.jspecify;
  requires static io.github.ferrymail.imap; // FerryImapMetrics only

  exports io.github.ferrymail.micrometer;
}
