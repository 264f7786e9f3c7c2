package io.github.ferrymail.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.overlay.MessageOverlay;
import io.github.ferrymail.core.overlay.PendingOverlay;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.it.support.GreenMailUser;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sync engine fetching the server's state while operations are queued (H2 queue, GreenMail): with
 * the overlay applied after the server's state it shows what the user did, not the server's old
 * state; without it, the classic flicker (a message marked read comes back unread).
 */
class SyncOverlayTest {
  private static final String ACCOUNT = "alice";

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);

  private GreenMailUser user;
  private ServerView server;
  private Stack stack;

  /** What the application shows for one message of a folder. */
  record Shown(String messageId, boolean seen, boolean flagged) {}

  @BeforeEach
  void setUp() {
    user = GreenMailUser.create(GREENMAIL, ACCOUNT);
    server = user.server;
    server.createFolder("Archive");
    server.append("INBOX", List.of("<one@x>", "<two@x>", "<three@x>"));
    stack = new Stack(user.accountBuilder().build(), ProcessingListener.NOOP);
  }

  @AfterEach
  void tearDown() {
    stack.close();
  }

  @Test
  void aSyncBetweenQueueAndReplayShowsTheUsersStateNotTheServers() {
    stack.store.queue(NewOperation.of(Operation.markRead(inbox("<one@x>")), "one"));
    stack.store.queue(Operation.flag(inbox("<two@x>")));
    stack.store.queue(Operation.move(inbox("<three@x>"), "Archive"));

    // The server has not heard of any of it yet.
    assertThat(sync("INBOX", PendingOverlay.of(List.of())))
        .containsExactly(
            new Shown("<one@x>", false, false),
            new Shown("<two@x>", false, false),
            new Shown("<three@x>", false, false));
    List<Shown> withOverlay = sync("INBOX", stack.processor.admin().overlay(ACCOUNT));
    assertThat(withOverlay)
        .containsExactly(new Shown("<one@x>", true, false), new Shown("<two@x>", false, true));
    assertThat(stack.processor.admin().overlay(ACCOUNT).arrivingIn("Archive"))
        .extracting(m -> m.message().messageId())
        .containsExactly("<three@x>");

    assertThat(stack.processor.processPendingOperations(ACCOUNT).completed()).isEqualTo(3);

    // Replayed: nothing is left to overlay, and the server says what the user saw all along.
    PendingOverlay after = stack.processor.admin().overlay(ACCOUNT);
    assertThat(after.isEmpty()).isTrue();
    assertThat(sync("INBOX", after)).isEqualTo(withOverlay);
    assertThat(server.messages("Archive"))
        .extracting(ServerMessage::messageId)
        .containsExactly("<three@x>");
  }

  /** The sync loop of a mail client: the server's state, then the overlay. */
  private List<Shown> sync(String folder, PendingOverlay overlay) {
    List<Shown> shown = new ArrayList<>();
    for (ServerMessage m : server.messages(folder)) {
      MessageRef ref = new MessageRef(ACCOUNT, folder, m.uidValidity(), m.uid(), m.messageId());
      Optional<MessageOverlay> pending = overlay.forMessage(ref);
      if (pending.map(MessageOverlay::leavesFolder).orElse(false)) {
        continue; // moved away, trashed or deleted by the user
      }
      Set<String> flags = flags(m);
      Set<String> after = pending.map(p -> p.flagsAfter(flags)).orElse(flags);
      shown.add(new Shown(m.messageId(), after.contains("\\Seen"), after.contains("\\Flagged")));
    }
    return shown;
  }

  private static Set<String> flags(ServerMessage m) {
    Map<String, Boolean> all = new LinkedHashMap<>();
    all.put("\\Seen", m.seen());
    all.put("\\Flagged", m.flagged());
    all.values().removeIf(set -> !set);
    return all.keySet();
  }

  private MessageRef inbox(String messageId) {
    return user.ref("INBOX", messageId);
  }
}
