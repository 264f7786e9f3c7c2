package io.github.ferrymail.it.cluster;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The operations one account queues in the cluster test, and the state the server must end in if
 * they take effect exactly once and in queue order. Flag changes alternate at random, so any
 * reordering of a message's operations changes its final state.
 */
final class AccountScript {
  /** Where a message must end up. */
  record Expected(String folder, boolean seen, boolean flagged) {}

  final List<NewOperation> operations = new ArrayList<>();
  final Map<String, Expected> expected = new LinkedHashMap<>();

  private final Map<String, MessageRef> refs = new LinkedHashMap<>();
  private final Random random;

  /**
   * @param inbox the account's INBOX messages, in UID order
   */
  AccountScript(List<MessageRef> inbox, long seed) {
    this.random = new Random(seed);
    for (MessageRef ref : inbox) {
      refs.put(ref.messageId(), ref);
      expected.put(ref.messageId(), new Expected("INBOX", false, false));
    }
    List<String> ids = new ArrayList<>(refs.keySet());
    int n = ids.size();
    for (int round = 0; round < 3; round++) {
      flagRound(ids);
    }
    // The last quarter is filed in Archive and read there; half of those go on to the trash.
    for (String id : ids.subList(n - n / 4, n)) {
      add(id, ref -> Operation.move(ref, "Archive"));
      add(id, Operation::markRead);
    }
    for (int round = 0; round < 2; round++) {
      flagRound(ids);
    }
    for (String id : ids.subList(n - n / 8, n)) {
      add(id, Operation::moveToTrash);
    }
  }

  private void flagRound(List<String> ids) {
    List<String> order = new ArrayList<>(ids);
    Collections.shuffle(order, random);
    for (String id : order) {
      switch (random.nextInt(4)) {
        case 0 -> add(id, Operation::markRead);
        case 1 -> add(id, Operation::markUnread);
        case 2 -> add(id, Operation::flag);
        default -> add(id, Operation::unflag);
      }
    }
  }

  /** Queues an operation on the message's original location and applies it to the model. */
  private void add(String messageId, Function<MessageRef, Operation> factory) {
    Operation op = factory.apply(refs.get(messageId));
    operations.add(NewOperation.of(op, messageId));
    Expected e = expected.get(messageId);
    Expected next;
    if (op instanceof Operation.FlagChange) {
      java.util.Map<String, Boolean> wishes = ((Operation.FlagChange) op).delta().wishes();
      next =
          new Expected(
              e.folder(),
              wishes.getOrDefault("\\seen", e.seen()),
              wishes.getOrDefault("\\flagged", e.flagged()));
    } else if (op.kind().isDeletion()) {
      next = new Expected(null, false, false);
    } else if (op.destination() == null) {
      next = new Expected("Trash", e.seen(), e.flagged());
    } else {
      next = new Expected(op.destination(), e.seen(), e.flagged());
    }
    expected.put(messageId, next);
  }
}
