package io.github.ferrymail.it.cluster;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;

/**
 * One worker machine of the cluster test, run as a separate JVM so that the test can kill it
 * outright (SIGKILL: no lease released, no shutdown hook). It processes in the background until its
 * standard input closes.
 *
 * <p>Arguments: JDBC URL, database user, IMAP port, IMAP password, worker id, lease seconds.
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

    try (HikariDataSource db = FerryDataSources.hikari(jdbcUrl, dbUser, "", 6);
        ImapOperationExecutor imap =
            ImapOperationExecutor.create(
                account ->
                    ImapAccount.builder(
                            "127.0.0.1", account, CredentialsProvider.password(imapPassword))
                        .port(imapPort)
                        .tlsMode(TlsMode.NONE)
                        .readTimeout(Duration.ofSeconds(30))
                        .build());
        QueueProcessor processor =
            QueueProcessor.builder(JooqPendingOperationStore.builder(db).build(), imap)
                .workerId(workerId)
                .leaseDuration(lease)
                .claimLimit(20)
                .workerThreads(4)
                .pollInterval(Duration.ofMillis(200))
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
