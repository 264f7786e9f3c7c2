package io.github.ferrymail.it.durable;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.it.support.MariaDbDatabase;
import io.github.ferrymail.it.support.PostgresSchema;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.WorkerJvm;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker JVM killed after a batch of moves committed and before the application's listener ran:
 * on restart the feed hands the application every new UID, and the outcome hook had already written
 * them into the application's own table in the completing transaction.
 */
class CrashAfterCommitTest {
  private static final String ACCOUNT = "carol";
  private static final String PASSWORD = "pw-carol";
  private static final List<String> IDS =
      List.of("<a@example.org>", "<b@example.org>", "<c@example.org>");

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);

  @Test
  @Tag("postgres")
  void onPostgresqlTheNewUidsSurviveTheCrash() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      crashAndRecover(schema.url(), PostgresSchema.USER);
    }
  }

  @Test
  @Tag("mariadb")
  void onMariadbTheNewUidsSurviveTheCrash() throws Exception {
    try (MariaDbDatabase database = MariaDbDatabase.create()) {
      crashAndRecover(database.url(), MariaDbDatabase.USER);
    }
  }

  private void crashAndRecover(String url, String user) throws Exception {
    GREENMAIL.setUser("carol@example.org", ACCOUNT, PASSWORD);
    int port = GREENMAIL.getImap().getPort();
    ServerView server = new ServerView("127.0.0.1", port, ACCOUNT, PASSWORD);
    server.createFolder("Archive");
    server.append("INBOX", IDS);

    try (HikariDataSource db = FerryDataSources.hikari(url, user, "", 3)) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db).build();
      store.migrate();
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE app_messages (message_key VARCHAR(255) PRIMARY KEY,"
                + " folder VARCHAR(255) NOT NULL, uid BIGINT NOT NULL)");
      }
      // The application moved the three messages to Archive locally and queued the moves.
      List<NewOperation> moves = new ArrayList<>();
      try (Connection tx = db.getConnection();
          PreparedStatement insert =
              tx.prepareStatement("INSERT INTO app_messages VALUES (?, 'INBOX', ?)")) {
        tx.setAutoCommit(false);
        for (ServerMessage m : server.messages("INBOX")) {
          insert.setString(1, m.messageId());
          insert.setLong(2, m.uid());
          insert.executeUpdate();
          MessageRef ref =
              new MessageRef(ACCOUNT, "INBOX", m.uidValidity(), m.uid(), m.messageId());
          moves.add(NewOperation.of(Operation.move(ref, "Archive"), m.messageId()));
        }
        store.queueAll(tx, moves);
        tx.commit();
      }

      Process worker = startWorker(url, user, port);
      assertThat(worker.waitFor(2, TimeUnit.MINUTES)).as("worker ended").isTrue();
      assertThat(worker.exitValue()).as("killed in the listener, after the commit").isEqualTo(137);

      // Restart: the application catches up from the feed.
      List<FinishedOperation> feed = store.finishedSince(ACCOUNT, 0, 100);
      Map<String, Long> fromFeed = new HashMap<>();
      for (FinishedOperation f : feed) {
        assertThat(f.operation().status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(f.relocation().uidKnown()).isTrue();
        assertThat(f.relocation().folder()).isEqualTo("Archive");
        fromFeed.put(f.operation().messageKey(), f.relocation().location().uid());
      }
      Map<String, Long> onServer = new HashMap<>();
      for (ServerMessage m : server.messages("Archive")) {
        onServer.put(m.messageId(), m.uid());
      }
      assertThat(server.messages("INBOX")).isEmpty();
      assertThat(onServer).containsOnlyKeys(IDS);
      assertThat(fromFeed).as("the feed names every message's real new UID").isEqualTo(onServer);
      assertThat(appTable(db)).as("the hook committed with the completion").isEqualTo(onServer);
    }
  }

  private static Map<String, Long> appTable(HikariDataSource db) throws Exception {
    Map<String, Long> rows = new HashMap<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT message_key, folder, uid FROM app_messages")) {
      while (rs.next()) {
        assertThat(rs.getString(2)).isEqualTo("Archive");
        rows.put(rs.getString(1), rs.getLong(3));
      }
    }
    return rows;
  }

  private static Process startWorker(String url, String user, int port) throws Exception {
    Path log = Files.createTempFile("ferry-crashing-worker", ".log");
    return WorkerJvm.start(
        CrashingWorkerMain.class, log, url, user, Integer.toString(port), ACCOUNT, PASSWORD);
  }
}
