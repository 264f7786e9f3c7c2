package io.github.ferrymail.it.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.queue.jdbc.Dialect;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import io.github.ferrymail.queue.jdbc.internal.Migrations;
import io.github.ferrymail.testing.SettableClock;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.MessageIDTerm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10, item 6: a queue of Ferry 0.1's schema (V3), filled by plain SQL with a row of every 0.1
 * kind in every status, is upgraded by V4 and then processed against GreenMail. What was live
 * (pending, in flight under a dead worker's lease, failed and retried) takes effect on the server,
 * flags included; what was finished (completed, cancelled) is left alone. Each database runs it
 * through a small subclass.
 */
abstract class AbstractFlagRowsUpgradeTest {
  private static final String ACCOUNT = "erin";
  private static final String PASSWORD = "pw-erin";
  private static final List<String> OLD_KINDS =
      List.of(
          "MARK_READ",
          "MARK_UNREAD",
          "FLAG",
          "UNFLAG",
          "MOVE",
          "MOVE_TO_TRASH",
          "RESTORE",
          "PERMANENT_DELETE");

  /** The statuses whose rows are still to be done once retried. */
  private static final Set<OperationStatus> LIVE =
      EnumSet.of(OperationStatus.PENDING, OperationStatus.IN_FLIGHT, OperationStatus.FAILED);

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);

  private final SettableClock clock =
      new SettableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
  private ServerView server;
  private ImapAccount account;

  /** A scratch database of the subclass's kind, at no schema version yet. */
  interface Scratch extends AutoCloseable {
    String url();

    String user();

    String password();

    Dialect dialect();

    @Override
    void close();
  }

  abstract Scratch database();

  /** One 0.1 row: its kind, its status and the message it names. */
  private record OldRow(String kind, OperationStatus status, String messageId) {
    String folder() {
      return kind.equals("RESTORE") ? "Trash" : "INBOX";
    }

    boolean live() {
      return LIVE.contains(status);
    }
  }

  @BeforeEach
  void setUp() {
    GREENMAIL.setUser("erin@example.org", ACCOUNT, PASSWORD);
    int port = GREENMAIL.getImap().getPort();
    server = new ServerView("127.0.0.1", port, ACCOUNT, PASSWORD);
    server.createFolder("Archive");
    server.createFolder("Trash");
    account =
        ImapAccount.builder("127.0.0.1", ACCOUNT, CredentialsProvider.password(PASSWORD))
            .port(port)
            .tlsMode(TlsMode.NONE)
            .build();
  }

  /** The statuses Ferry 0.1 wrote (CONFLICT came later). */
  private static final List<OperationStatus> OLD_STATUSES =
      List.of(
          OperationStatus.PENDING,
          OperationStatus.IN_FLIGHT,
          OperationStatus.COMPLETED,
          OperationStatus.FAILED,
          OperationStatus.CANCELLED);

  @Test
  void rowsOfEveryOldKindInEveryStatusUpgradeAndRun() throws Exception {
    List<OldRow> rows = new ArrayList<>();
    for (String kind : OLD_KINDS) {
      for (OperationStatus status : OLD_STATUSES) {
        rows.add(new OldRow(kind, status, "<" + kind + "-" + status + "@example.org>"));
      }
    }
    for (OldRow row : rows) {
      server.append(row.folder(), List.of(row.messageId()));
    }
    // So that clearing a flag shows: the unread and unflag rows' messages start read or flagged.
    for (OldRow row : rows) {
      if (row.kind().equals("MARK_UNREAD")) {
        setFlag(row, Flags.Flag.SEEN);
      } else if (row.kind().equals("UNFLAG")) {
        setFlag(row, Flags.Flag.FLAGGED);
      }
    }

    try (Scratch db = database();
        HikariDataSource pool = FerryDataSources.hikari(db.url(), db.user(), db.password());
        ImapOperationExecutor executor = ImapOperationExecutor.create(key -> account)) {
      assertThat(Migrations.migrateTo(pool, db.dialect(), "ferry_", "3")).isEqualTo(3);
      insertOldRows(pool, db.dialect(), rows);
      JooqPendingOperationStore store =
          JooqPendingOperationStore.builder(pool).clock(clock).build();

      assertThat(store.migrate())
          .as("V4 and every later script")
          .isEqualTo(Migrations.SCRIPTS.size() - 3);

      try (QueueProcessor processor =
          QueueProcessor.builder(store, executor)
              .clock(clock)
              .retryPolicy(RetryPolicy.builder().jitter(false).build())
              .build()) {
        processor.processPendingOperations(ACCOUNT);
        List<PendingOperation> failed =
            processor.admin().failed(ACCOUNT, PageRequest.first(100)).items();
        assertThat(failed)
            .as("the failed rows of 0.1, read back as the operations they stand for")
            .hasSize(OLD_KINDS.size());
        for (PendingOperation op : failed) {
          assertThat(processor.admin().retry(op.id())).isTrue();
        }
        processor.processPendingOperations(ACCOUNT);
      }

      assertThat(store.countByStatus(ACCOUNT))
          .containsEntry(OperationStatus.PENDING, 0L)
          .containsEntry(OperationStatus.IN_FLIGHT, 0L)
          .containsEntry(OperationStatus.FAILED, 0L)
          .containsEntry(OperationStatus.COMPLETED, (long) OLD_KINDS.size() * 4)
          .containsEntry(OperationStatus.CANCELLED, (long) OLD_KINDS.size());
    }

    for (OldRow row : rows) {
      assertOnServer(row);
    }
  }

  private void assertOnServer(OldRow row) {
    String id = row.messageId();
    ServerMessage inbox = server.find("INBOX", id);
    switch (row.kind()) {
      case "MARK_READ" -> assertThat(inbox.seen()).as(id).isEqualTo(row.live());
      case "MARK_UNREAD" -> assertThat(inbox.seen()).as(id).isEqualTo(!row.live());
      case "FLAG" -> assertThat(inbox.flagged()).as(id).isEqualTo(row.live());
      case "UNFLAG" -> assertThat(inbox.flagged()).as(id).isEqualTo(!row.live());
      case "MOVE" -> {
        assertThat(server.find("Archive", id) != null).as(id + " in Archive").isEqualTo(row.live());
        assertThat(inbox != null).as(id + " in INBOX").isEqualTo(!row.live());
      }
      case "MOVE_TO_TRASH" -> {
        assertThat(server.find("Trash", id) != null).as(id + " in Trash").isEqualTo(row.live());
        assertThat(inbox != null).as(id + " in INBOX").isEqualTo(!row.live());
      }
      case "RESTORE" -> {
        assertThat(inbox != null).as(id + " in INBOX").isEqualTo(row.live());
        assertThat(server.find("Trash", id) != null).as(id + " in Trash").isEqualTo(!row.live());
      }
      case "PERMANENT_DELETE" -> assertThat(inbox != null).as(id).isEqualTo(!row.live());
      default -> throw new AssertionError(row.kind());
    }
  }

  /** The rows as Ferry 0.1 wrote them: its kind names, no payload. */
  private void insertOldRows(HikariDataSource pool, Dialect dialect, List<OldRow> rows)
      throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO ferry_operations (account, kind, folder, uid_validity, uid,"
                    + " message_id, destination, status, attempts, created_at, last_attempt_at,"
                    + " next_attempt_at, last_error, lease_token, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (OldRow row : rows) {
        ServerMessage m = server.find(row.folder(), row.messageId());
        OperationStatus status = row.status();
        insert.setString(1, ACCOUNT);
        insert.setString(2, row.kind());
        insert.setString(3, row.folder());
        insert.setLong(4, m.uidValidity());
        insert.setLong(5, m.uid());
        insert.setString(6, row.messageId());
        insert.setString(
            7,
            row.kind().equals("MOVE") ? "Archive" : row.kind().equals("RESTORE") ? "INBOX" : null);
        insert.setString(8, status.name());
        insert.setInt(9, status == OperationStatus.FAILED ? 3 : 0);
        setTime(insert, 10, dialect, clock.instant());
        setTime(insert, 11, dialect, status == OperationStatus.PENDING ? null : clock.instant());
        setTime(insert, 12, dialect, clock.instant());
        insert.setString(13, status == OperationStatus.FAILED ? "[CONNECTION_LOST] reset" : null);
        // A worker of 0.1 died holding these: its lease lapsed long ago.
        insert.setString(14, status == OperationStatus.IN_FLIGHT ? "dead-worker-token" : null);
        setTime(insert, 15, dialect, status.isTerminal() ? clock.instant() : null);
        insert.addBatch();
      }
      insert.executeBatch();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  /** An instant as the store writes it: MariaDB keeps UTC wall-clock text. */
  private static void setTime(PreparedStatement insert, int index, Dialect dialect, Instant at)
      throws SQLException {
    if (at == null) {
      insert.setTimestamp(index, null);
    } else if (dialect == Dialect.MARIADB) {
      insert.setString(
          index,
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
              .withZone(ZoneOffset.UTC)
              .format(at));
    } else {
      insert.setTimestamp(index, Timestamp.from(at));
    }
  }

  /** Sets a flag as another client would, with plain Jakarta Mail. */
  private void setFlag(OldRow row, Flags.Flag flag) throws MessagingException {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", GREENMAIL.getImap().getPort(), ACCOUNT, PASSWORD);
    try {
      Folder folder = store.getFolder(row.folder());
      folder.open(Folder.READ_WRITE);
      try {
        Message[] found = folder.search(new MessageIDTerm(row.messageId()));
        assertThat(found).as(row.messageId()).hasSize(1);
        found[0].setFlag(flag, true);
      } finally {
        folder.close(false);
      }
    } finally {
      store.close();
    }
  }
}
