package io.github.ferrymail.it.reliability.liveload;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One mail user at work while the queue replays: queues bursts of one to ten changes (55% flag
 * changes, the rest moves among INBOX, Archive and Sent, to Trash and restored from it, and a rare
 * permanent delete), 70% of them on the same twenty messages, so that flags and moves come back and
 * forth on messages that are being moved. Each operation names the location the application's table
 * gives (the last it knew, as the ordering convention asks), and the user's model is what the
 * server must show once every operation took effect once, in queue order.
 */
public final class LiveUser {
  /** The folders messages move among, besides Trash. */
  public static final List<String> FOLDERS = List.of("INBOX", "Archive", "Sent");

  private static final int HOT = 20;

  /** What the user wants a message to be, once the queue has caught up. */
  public record Wish(String folder, boolean seen, boolean flagged) {}

  private final String account;
  private final List<String> keys;
  private final Map<String, Wish> wishes = new HashMap<>();
  private final Random random;
  private int remaining;
  private int queued;

  public LiveUser(String account, List<String> keys, int operations, long seed) {
    this.account = account;
    this.keys = List.copyOf(keys);
    keys.forEach(k -> wishes.put(k, new Wish("INBOX", false, false)));
    this.remaining = operations;
    this.random = new Random(seed);
  }

  public String account() {
    return account;
  }

  public List<String> keys() {
    return keys;
  }

  /** How many operations the user queued so far. */
  public int queued() {
    return queued;
  }

  public boolean done() {
    return remaining == 0;
  }

  /** The message's expected final state, or null once its permanent delete is queued. */
  public Wish wish(String key) {
    return wishes.get(key);
  }

  /**
   * The next burst, each operation naming where {@code known} (the application's table) says its
   * message is; the model takes it as queued.
   */
  public List<NewOperation> nextBurst(Map<String, MessageRef> known) {
    int size = Math.min(remaining, 1 + random.nextInt(10));
    List<NewOperation> burst = new ArrayList<>(size);
    while (burst.size() < size) {
      String key = pick();
      if (key == null) {
        remaining = 0; // every message is gone
        break;
      }
      burst.add(NewOperation.of(next(key, known.get(key)), key));
    }
    remaining -= burst.size();
    queued += burst.size();
    return burst;
  }

  private String pick() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int bound = random.nextDouble() < 0.7 ? Math.min(HOT, keys.size()) : keys.size();
      String key = keys.get(random.nextInt(bound));
      if (wishes.containsKey(key)) {
        return key;
      }
    }
    return keys.stream().filter(wishes::containsKey).findFirst().orElse(null);
  }

  private Operation next(String key, MessageRef at) {
    Wish w = wishes.get(key);
    double r = random.nextDouble();
    if (r < 0.55) {
      switch (random.nextInt(4)) {
        case 0 -> {
          wishes.put(key, new Wish(w.folder(), true, w.flagged()));
          return Operation.markRead(at);
        }
        case 1 -> {
          wishes.put(key, new Wish(w.folder(), false, w.flagged()));
          return Operation.markUnread(at);
        }
        case 2 -> {
          wishes.put(key, new Wish(w.folder(), w.seen(), true));
          return Operation.flag(at);
        }
        default -> {
          wishes.put(key, new Wish(w.folder(), w.seen(), false));
          return Operation.unflag(at);
        }
      }
    }
    if (r < 0.995) {
      if (w.folder().equals("Trash")) {
        String to = FOLDERS.get(random.nextInt(FOLDERS.size()));
        wishes.put(key, new Wish(to, w.seen(), w.flagged()));
        return Operation.restore(at, to);
      }
      if (random.nextInt(4) == 0) {
        wishes.put(key, new Wish("Trash", w.seen(), w.flagged()));
        return Operation.moveToTrash(at);
      }
      List<String> others = new ArrayList<>(FOLDERS);
      others.remove(w.folder());
      String to = others.get(random.nextInt(others.size()));
      wishes.put(key, new Wish(to, w.seen(), w.flagged()));
      return Operation.move(at, to);
    }
    wishes.remove(key);
    return Operation.permanentDelete(at);
  }
}
