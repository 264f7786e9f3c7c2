package io.github.ferrymail.it.cluster;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.it.reliability.liveload.AppTable;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One worker machine of the cluster and live-load tests, run as a separate JVM so that the test can
 * kill it outright (SIGKILL: no lease released, no shutdown hook). It processes in the background
 * until its standard input closes.
 *
 * <p>Arguments: JDBC URL, database user, IMAP port, IMAP password, worker id, lease seconds, then
 * optional {@code name=value} settings: {@code claim-limit} (20), {@code threads} (4), {@code
 * poll-ms} (200) and {@code app-table} (none: the application's table that the store's outcome hook
 * keeps in line, see {@link AppTable}).
 */
public final class ClusterWorkerMain {
  private ClusterWorkerMain() {}

  public static void main(String[] args) throws Exception {
    String jdbcUrl = args[0];
    String dbUser = args[1];
    int imapPort = Integer.parseInt(args[2]);
    String imapPassword = args[3];
    String workerId = args[4];
    Duration lease = Duration.ofSeconds(Long.parseLong(args[5]));
    Map<String, String> settings = new HashMap<>();
    for (int i = 6; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      settings.put(pair[0], pair[1]);
    }
    int threads = Integer.parseInt(settings.getOrDefault("threads", "4"));

    try (HikariDataSource db = FerryDataSources.hikari(jdbcUrl, dbUser, "", threads + 2);
        ImapOperationExecutor imap =
            ImapOperationExecutor.create(
                account ->
                    ImapAccount.builder(
                            "127.0.0.1", account, CredentialsProvider.password(imapPassword))
                        .port(imapPort)
                        .tlsMode(TlsMode.NONE)
                        .readTimeout(Duration.ofSeconds(30))
                        .build())) {
      JooqPendingOperationStore.Builder store = JooqPendingOperationStore.builder(db);
      String appTable = settings.get("app-table");
      if (appTable != null) {
        store.outcomeHook(AppTable.hook(appTable));
      }
      try (QueueProcessor processor =
          QueueProcessor.builder(store.build(), imap)
              .workerId(workerId)
              .leaseDuration(lease)
              .claimLimit(Integer.parseInt(settings.getOrDefault("claim-limit", "20")))
              .workerThreads(threads)
              .pollInterval(
                  Duration.ofMillis(Long.parseLong(settings.getOrDefault("poll-ms", "200"))))
              .build()) {
        processor.start();
        System.out.println("READY " + workerId);
        System.out.flush();
        // Runs until the test closes our standard input (or kills us).
        while (System.in.read() >= 0) {
          // nothing to read; the test never writes
        }
      }
    }
  }
}
