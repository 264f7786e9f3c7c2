package io.github.ferrymail.it.durable;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * A worker JVM that dies the moment the application would hear of a completed move: after the
 * outcome (and the outcome hook's update of the application's table) committed, before the listener
 * could do anything. {@code halt} skips shutdown hooks, as a crash does.
 *
 * <p>Arguments: JDBC URL, database user, IMAP port, account, IMAP password.
 */
public final class CrashingWorkerMain {
  private CrashingWorkerMain() {}

  public static void main(String[] args) {
    String account = args[3];
    try (HikariDataSource db = FerryDataSources.hikari(args[0], args[1], "", 3);
        ImapOperationExecutor imap =
            ImapOperationExecutor.create(
                key ->
                    ImapAccount.builder("127.0.0.1", account, CredentialsProvider.password(args[4]))
                        .port(Integer.parseInt(args[2]))
                        .tlsMode(TlsMode.NONE)
                        .build())) {
      JooqPendingOperationStore store =
          JooqPendingOperationStore.builder(db)
              .outcomeHook(
                  (connection, finished) -> {
                    try (PreparedStatement update =
                        connection.prepareStatement(
                            "UPDATE app_messages SET folder = ?, uid = ? WHERE message_key = ?")) {
                      for (FinishedOperation f : finished) {
                        if (f.relocation() != null && f.relocation().uidKnown()) {
                          update.setString(1, f.relocation().location().folder());
                          update.setLong(2, f.relocation().location().uid());
                          update.setString(3, f.operation().messageKey());
                          update.addBatch();
                        }
                      }
                      update.executeBatch();
                    }
                  })
              .build();
      QueueProcessor processor =
          QueueProcessor.builder(store, imap)
              .leaseDuration(Duration.ofSeconds(5))
              .listener(
                  new ProcessingListener() {
                    @Override
                    public void completed(PendingOperation op, MessageRef newLocation) {
                      Runtime.getRuntime().halt(137);
                    }
                  })
              .build();
      processor.processPendingOperations(account);
    }
    System.exit(3); // never reached when a move completed
  }
}
