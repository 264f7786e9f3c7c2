package io.github.ferrymail.it.durable;

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
 * A worker JVM that processes one account and waits as long as the server keeps it waiting: the
 * test kills it while a reply is held back. Its lease is short, so another worker can take over.
 *
 * <p>Arguments: JDBC URL, database user, IMAP port, account, IMAP password.
 */
public final class MovingWorkerMain {
  /** How long this worker's lease lasts: the takeover waits at least this long. */
  static final Duration LEASE = Duration.ofSeconds(3);

  private MovingWorkerMain() {}

  public static void main(String[] args) {
    String account = args[3];
    try (HikariDataSource db = FerryDataSources.hikari(args[0], args[1], "", 3);
        ImapOperationExecutor imap =
            ImapOperationExecutor.create(
                key ->
                    ImapAccount.builder("127.0.0.1", account, CredentialsProvider.password(args[4]))
                        .port(Integer.parseInt(args[2]))
                        .tlsMode(TlsMode.NONE)
                        .readTimeout(Duration.ofMinutes(5))
                        .build())) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db).build();
      QueueProcessor processor = QueueProcessor.builder(store, imap).leaseDuration(LEASE).build();
      processor.processPendingOperations(account);
    }
    System.exit(3); // the test kills this JVM before it gets here
  }
}
