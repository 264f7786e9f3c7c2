package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageRefTest {
  private static final long MAX_32 = 4_294_967_295L;

  @Test
  void keepsEveryField() {
    MessageRef ref = new MessageRef("acct", "Archive/2026", 42, 7, "<a@b.example>");

    assertThat(ref.account()).isEqualTo("acct");
    assertThat(ref.folder()).isEqualTo("Archive/2026");
    assertThat(ref.uidValidity()).isEqualTo(42);
    assertThat(ref.uid()).isEqualTo(7);
    assertThat(ref.messageId()).isEqualTo("<a@b.example>");
  }

  @Test
  void rejectsANullOrBlankAccount() {
    assertThatThrownBy(() -> MessageRef.of(null, "INBOX", 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("account");
    assertThatThrownBy(() -> MessageRef.of(" \t", "INBOX", 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account");
  }

  @Test
  void rejectsANullOrBlankFolder() {
    assertThatThrownBy(() -> MessageRef.of("acct", null, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> MessageRef.of("acct", "", 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("folder");
  }

  @Test
  void rejectsAUidThatIsNotPositive() {
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uid");
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", 1, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uid");
  }

  @Test
  void rejectsAUidBeyond32Bits() {
    assertThat(MessageRef.of("acct", "INBOX", 1, MAX_32).uid()).isEqualTo(MAX_32);
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", 1, MAX_32 + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uid")
        .hasMessageContaining("32 bits");
  }

  @Test
  void rejectsAUidValidityThatIsNotPositiveOrBeyond32Bits() {
    assertThat(MessageRef.of("acct", "INBOX", MAX_32, 1).uidValidity()).isEqualTo(MAX_32);
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uidValidity");
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uidValidity");
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", MAX_32 + 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uidValidity");
  }

  @Test
  void aBlankMessageIdBecomesNull() {
    assertThat(new MessageRef("acct", "INBOX", 1, 1, "  ").messageId()).isNull();
    assertThat(new MessageRef("acct", "INBOX", 1, 1, "").messageId()).isNull();
    assertThat(MessageRef.of("acct", "INBOX", 1, 1).withMessageId(" ").messageId()).isNull();
  }

  @Test
  void withMessageIdKeepsTheLocation() {
    MessageRef ref = MessageRef.of("acct", "INBOX", 1, 2).withMessageId("<x@y>");

    assertThat(ref).isEqualTo(new MessageRef("acct", "INBOX", 1, 2, "<x@y>"));
  }

  @Test
  void theIdentityIgnoresTheMessageId() {
    MessageRef with = new MessageRef("acct", "INBOX", 1, 2, "<x@y>");
    MessageRef without = MessageRef.of("acct", "INBOX", 1, 2);

    assertThat(with.sameMessage(without)).isTrue();
    assertThat(with.key()).isEqualTo(without.key());
    assertThat(with).isNotEqualTo(without);
  }

  @Test
  void everyPartOfTheIdentityCounts() {
    MessageRef ref = MessageRef.of("acct", "INBOX", 1, 2);

    assertThat(ref.sameMessage(MessageRef.of("other", "INBOX", 1, 2))).isFalse();
    assertThat(ref.sameMessage(MessageRef.of("acct", "inbox", 1, 2))).isFalse();
    assertThat(ref.sameMessage(MessageRef.of("acct", "INBOX", 3, 2))).isFalse();
    assertThat(ref.sameMessage(MessageRef.of("acct", "INBOX", 1, 3))).isFalse();
    assertThat(ref.key()).isNotEqualTo(MessageRef.of("acct", "INBOX", 1, 3).key());
  }
}
