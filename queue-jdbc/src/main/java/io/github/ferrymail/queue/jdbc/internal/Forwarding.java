package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record5;

/**
 * Forwards claimed operations that name a slot a completed relocation left, inside the claim's
 * transaction: UIDs are never reused within one UIDVALIDITY, so that slot names the moved message
 * for good. Each hop is one query for all the claim's operations (nothing is found, and nothing
 * else happens, for an account whose messages never moved); the re-pointing is stored.
 */
final class Forwarding {
  /** More hops than any message moves between two claims; guards against a cycle in bad data. */
  private static final int MAX_HOPS = 16;

  private final StoreContext c;

  Forwarding(StoreContext context) {
    this.c = context;
  }

  /** What forwarding did to a claim. */
  record Result(List<PendingOperation> operations, Map<Long, Relocation> movedUidUnknown) {}

  Result forward(DSLContext ctx, String account, String token, List<PendingOperation> claimed) {
    Map<Long, MessageRef> at = new HashMap<>();
    Map<Long, Relocation> unknown = new HashMap<>();
    Set<Long> open = new LinkedHashSet<>();
    for (PendingOperation op : claimed) {
      at.put(op.id(), op.message());
      open.add(op.id());
    }
    for (int hop = 0; hop < MAX_HOPS && !open.isEmpty(); hop++) {
      Map<MessageRef.Key, Relocation> moves = relocationsFrom(ctx, account, open, at);
      Set<Long> next = new LinkedHashSet<>();
      for (long id : open) {
        MessageRef from = at.get(id);
        Relocation r = moves.get(from.key());
        if (r == null) {
          continue;
        }
        if (!r.uidKnown()) {
          unknown.put(id, r);
        } else if (!r.location().sameMessage(from)) {
          MessageRef to = r.location();
          at.put(id, to.messageId() == null ? to.withMessageId(from.messageId()) : to);
          next.add(id);
        }
      }
      open = next;
    }
    List<PendingOperation> out = new ArrayList<>(claimed.size());
    for (PendingOperation op : claimed) {
      MessageRef now = at.get(op.id());
      if (now.sameMessage(op.message())) {
        out.add(op);
      } else {
        store(ctx, token, op.id(), now);
        out.add(op.withOperation(op.operation().withMessage(now)));
      }
    }
    return new Result(out, unknown);
  }

  /**
   * The completed relocations that left these slots: per folder, one {@code uid IN (...)} of up to
   * 1,000 UIDs, which every database walks on the message index (PostgreSQL: the moved index) as
   * ranges of one folder. A list of row values instead became a 300-way {@code OR} that took
   * PostgreSQL about 20 ms a query to plan and run, even with no relocation to find.
   */
  private Map<MessageRef.Key, Relocation> relocationsFrom(
      DSLContext ctx, String account, Set<Long> open, Map<Long, MessageRef> at) {
    Map<MessageRef.Key, Relocation> found = new HashMap<>();
    OperationsTable o = c.o;
    Map<List<Object>, List<Long>> uidsByFolder = new LinkedHashMap<>();
    for (long id : open) {
      MessageRef.Key k = at.get(id).key();
      uidsByFolder
          .computeIfAbsent(List.of(k.folder(), k.uidValidity()), f -> new ArrayList<>())
          .add(k.uid());
    }
    for (Map.Entry<List<Object>, List<Long>> folder : uidsByFolder.entrySet()) {
      String name = (String) folder.getKey().get(0);
      long uidValidity = (Long) folder.getKey().get(1);
      List<Long> uids = List.copyOf(new LinkedHashSet<>(folder.getValue()));
      for (List<Long> chunk : Chunks.of(uids, Chunks.SIZE)) {
        for (Record5<Long, Long, String, Long, Long> r :
            ctx.select(o.id, o.uid, o.movedFolder, o.movedUidValidity, o.movedUid)
                .from(o.table)
                .where(o.account.eq(account))
                .and(o.status.eq(status(OperationStatus.COMPLETED)))
                .and(o.movedFolder.isNotNull())
                .and(o.kind.in(StoredKinds.MOVING))
                .and(o.folder.eq(name))
                .and(o.uidValidity.eq(uidValidity))
                .and(o.uid.in(chunk))
                .orderBy(o.id)
                .fetch()) {
          MessageRef.Key from = new MessageRef.Key(account, name, uidValidity, r.value2());
          Relocation relocation =
              StoredRelocation.read(r.value1(), account, r.value3(), r.value4(), r.value5(), null);
          if (relocation == null) {
            continue; // unreadable: the operation runs where it names, where the message is gone
          }
          // A slot is left once; should bad data hold two, the latest wins.
          found.put(from, relocation);
        }
      }
    }
    return found;
  }

  private void store(DSLContext ctx, String token, long id, MessageRef to) {
    OperationsTable o = c.o;
    Repoint.toLocation(ctx, o, to).where(o.id.eq(id)).and(o.leaseToken.eq(token)).execute();
  }
}
