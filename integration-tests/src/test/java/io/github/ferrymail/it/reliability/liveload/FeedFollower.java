package io.github.ferrymail.it.reliability.liveload;

import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application following each account's feed of finished operations, as it would to bring its
 * own copy in line after a restart: keeps its cursor per account and every entry it read, and notes
 * any operation it is handed twice.
 */
public final class FeedFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedFollower.class);
  private static final long PERIOD_MS = 250;

  private final PendingOperationStore store;
  private final Map<String, Account> accounts = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private static final class Account {
    long cursor;
    final List<FinishedOperation> entries = new ArrayList<>();
    final Set<Long> ids = new HashSet<>();
    final List<Long> duplicates = new ArrayList<>();
  }

  private final Map<String, Integer> finished = new ConcurrentHashMap<>();

  public FeedFollower(PendingOperationStore store, List<String> accounts) {
    this.store = store;
    accounts.forEach(a -> this.accounts.put(a, new Account()));
    accounts.forEach(a -> finished.put(a, 0));
    this.thread = new Thread(this::run, "feed-follower");
    thread.setDaemon(true);
    thread.start();
  }

  /** How many finished operations of the account the application has read so far. */
  public int finished(String account) {
    return finished.get(account);
  }

  private void run() {
    while (running) {
      try {
        catchUp();
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("Feed read failed; trying again", e);
      }
    }
  }

  private synchronized void catchUp() {
    for (Map.Entry<String, Account> e : accounts.entrySet()) {
      Account a = e.getValue();
      while (true) {
        List<FinishedOperation> page = store.finishedSince(e.getKey(), a.cursor, 1000);
        for (FinishedOperation f : page) {
          if (!a.ids.add(f.operation().id())) {
            a.duplicates.add(f.operation().id());
          }
          a.entries.add(f);
          a.cursor = f.sequence();
        }
        if (page.size() < 1000) {
          break;
        }
      }
      finished.put(e.getKey(), a.ids.size());
    }
  }

  /** Stops following, after reading the feeds to their ends. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(10_000);
    catchUp();
  }

  /** The account's entries in feed order. */
  public synchronized List<FinishedOperation> entries(String account) {
    return List.copyOf(accounts.get(account).entries);
  }

  /** The operations the feed handed out more than once. */
  public synchronized List<Long> duplicates(String account) {
    return List.copyOf(accounts.get(account).duplicates);
  }
}
