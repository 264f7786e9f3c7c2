package io.github.ferrymail.examples.support;

import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The application's own copy of the mailbox: a small {@code messages} table, as a mail client keeps
 * one. Every user action updates this table and queues the matching Ferry operation in the same
 * database transaction, so that both happen or neither does.
 *
 * <p>Each row keeps two locations: {@code folder}, what the user sees at once, and the server
 * location Ferry last confirmed ({@code server_folder}, {@code uid_validity}, {@code uid}), which
 * is what operations name and what {@link #confirmLocation} updates when a move completes.
 */
public final class LocalMailbox {
  private final DataSource dataSource;
  private final JooqPendingOperationStore queue;
  private final String account;

  private LocalMailbox(DataSource dataSource, JooqPendingOperationStore queue, String account) {
    this.dataSource = dataSource;
    this.queue = queue;
    this.account = account;
  }

  /**
   * The application's first sync for {@link DemoMailServer#USER}: creates the table in the queue's
   * database and copies what the server holds into it.
   *
   * @param queue the queue, whose database the table shares
   * @param server the server to copy
   * @return the mailbox
   */
  public static LocalMailbox firstSync(DemoQueue queue, DemoMailServer server) {
    LocalMailbox mailbox = new LocalMailbox(queue.dataSource(), queue.store(), DemoMailServer.USER);
    mailbox.createTable();
    mailbox.importFrom(server.snapshot());
    return mailbox;
  }

  /** Creates the table (the application's own migration, separate from Ferry's). */
  private void createTable() {
    execute(
        "create table if not exists messages ("
            + " id bigint primary key,"
            + " account varchar(200) not null,"
            + " folder varchar(500),"
            + " server_folder varchar(500) not null,"
            + " uid_validity bigint not null,"
            + " uid bigint not null,"
            + " message_id varchar(500),"
            + " subject varchar(500),"
            + " seen boolean not null,"
            + " flagged boolean not null,"
            // Every other flag and keyword, space-separated: \Answered $Junk Work ...
            + " other_flags varchar(2000) default '' not null)");
  }

  /** The first sync: copies what the server holds into the table. */
  private void importFrom(Map<String, List<DemoMailServer.ServerMessage>> serverState) {
    String sql =
        "insert into messages (id, account, folder, server_folder, uid_validity, uid, message_id,"
            + " subject, seen, flagged) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      long id = 1;
      for (Map.Entry<String, List<DemoMailServer.ServerMessage>> folder : serverState.entrySet()) {
        for (DemoMailServer.ServerMessage m : folder.getValue()) {
          ps.setLong(1, id++);
          ps.setString(2, account);
          ps.setString(3, folder.getKey());
          ps.setString(4, folder.getKey());
          ps.setLong(5, m.uidValidity());
          ps.setLong(6, m.uid());
          ps.setString(7, m.messageId());
          ps.setString(8, m.subject());
          ps.setBoolean(9, m.seen());
          ps.setBoolean(10, m.flagged());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("importing the mailbox failed", e);
    }
  }

  public void markRead(long id) {
    change(id, Operation::markRead, "seen", true);
  }

  public void markUnread(long id) {
    change(id, Operation::markUnread, "seen", false);
  }

  public void flag(long id) {
    change(id, Operation::flag, "flagged", true);
  }

  public void unflag(long id) {
    change(id, Operation::unflag, "flagged", false);
  }

  public void markAnswered(long id) {
    changeFlags(id, FlagDelta.adding(FlagDelta.ANSWERED));
  }

  public void markForwarded(long id) {
    changeFlags(id, FlagDelta.adding(FlagDelta.FORWARDED));
  }

  public void markJunk(long id) {
    changeFlags(id, FlagDelta.of(Set.of(FlagDelta.JUNK), Set.of(FlagDelta.NOT_JUNK)));
  }

  public void markNotJunk(long id) {
    changeFlags(id, FlagDelta.of(Set.of(FlagDelta.NOT_JUNK), Set.of(FlagDelta.JUNK)));
  }

  /** Any change of flags and keywords: the local row follows the delta, Ferry replays it. */
  public void changeFlags(long id, FlagDelta delta) {
    inTransaction(
        id,
        c -> {
          Set<String> flags = localFlags(c, id);
          delta.remove().forEach(flags::remove);
          flags.addAll(delta.add());
          String sql = "update messages set seen = ?, flagged = ?, other_flags = ? where id = ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBoolean(1, flags.remove(FlagDelta.SEEN));
            ps.setBoolean(2, flags.remove(FlagDelta.FLAGGED));
            ps.setString(3, String.join(" ", flags));
            ps.setLong(4, id);
            ps.executeUpdate();
          }
          return ref -> Operation.changeFlags(ref, delta);
        });
  }

  public void move(long id, String folder) {
    change(id, ref -> Operation.move(ref, folder), "folder", folder);
  }

  public void moveToTrash(long id) {
    change(id, Operation::moveToTrash, "folder", "Trash");
  }

  public void restore(long id, String folder) {
    change(id, ref -> Operation.restore(ref, folder), "folder", folder);
  }

  public void deletePermanently(long id) {
    change(id, Operation::permanentDelete, "folder", null);
  }

  /** Called by Ferry's listener once a move completed: the message's confirmed new location. */
  public void confirmLocation(String messageKey, MessageRef newLocation) {
    String sql = "update messages set server_folder = ?, uid_validity = ?, uid = ? where id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, newLocation.folder());
      ps.setLong(2, newLocation.uidValidity());
      ps.setLong(3, newLocation.uid());
      ps.setLong(4, Long.parseLong(messageKey));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("updating message " + messageKey + " failed", e);
    }
  }

  /** One user action on one column: the local update and the queued operation commit together. */
  private void change(
      long id, Function<MessageRef, Operation> operation, String column, Object value) {
    // The column name comes from this class, never from input; the value is a bind value.
    String updateSql = "update messages set " + column + " = ? where id = ?";
    inTransaction(
        id,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(updateSql)) {
            ps.setObject(1, value);
            ps.setLong(2, id);
            ps.executeUpdate();
          }
          return operation;
        });
  }

  /** A local update that returns the operation to queue for it. */
  private interface LocalUpdate {
    Function<MessageRef, Operation> apply(Connection c) throws SQLException;
  }

  /** Runs the local update and queues its operation in one transaction. */
  private void inTransaction(long id, LocalUpdate update) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        MessageRef ref = serverLocation(c, id);
        Function<MessageRef, Operation> operation = update.apply(c);
        queue.queue(c, NewOperation.of(operation.apply(ref), Long.toString(id)));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("changing message " + id + " failed", e);
    }
  }

  private static Set<String> localFlags(Connection c, long id) throws SQLException {
    String sql = "select seen, flagged, other_flags from messages where id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no local message with id " + id);
        }
        Set<String> flags = new TreeSet<>();
        if (rs.getBoolean(1)) {
          flags.add(FlagDelta.SEEN);
        }
        if (rs.getBoolean(2)) {
          flags.add(FlagDelta.FLAGGED);
        }
        for (String other : rs.getString(3).split(" ")) {
          if (!other.isEmpty()) {
            flags.add(other);
          }
        }
        return flags;
      }
    }
  }

  private MessageRef serverLocation(Connection c, long id) throws SQLException {
    String sql = "select server_folder, uid_validity, uid, message_id from messages where id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no local message with id " + id);
        }
        return new MessageRef(
            account, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4));
      }
    }
  }

  private void execute(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
