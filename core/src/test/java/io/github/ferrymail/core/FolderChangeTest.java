package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FolderChangeTest {

  @Test
  void aFolderOperationNamesItsFolderAndReadsBackFromItsStoredParts() {
    Operation rename = Operation.renameFolder("acct", "Projekte/Alt", "Projekte/Ärger");

    assertThat(rename.kind()).isEqualTo(OperationKind.FOLDER);
    assertThat(rename.message()).isEqualTo(MessageRef.folderOnly("acct", "Projekte/Alt"));
    assertThat(rename.message().isFolderOnly()).isTrue();
    assertThat(rename.destination()).isEqualTo("Projekte/Ärger");
    assertThat(rename.payload()).isEqualTo("RENAME");
    assertThat(Operation.of(OperationKind.FOLDER, rename.message(), "Projekte/Ärger", "rename"))
        .isEqualTo(rename);
    assertThat(Operation.of(OperationKind.FOLDER, rename.message(), null, "DELETE"))
        .isEqualTo(Operation.deleteFolder("acct", "Projekte/Alt"));
  }

  @Test
  void badFolderOperationsAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> Operation.createFolder("acct", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> Operation.renameFolder("acct", "A", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("newName");
    assertThatThrownBy(() -> Operation.renameFolder("acct", "A", "A"))
        .hasMessageContaining("newName");
    assertThatThrownBy(() -> Operation.renameFolder("acct", "A", "inbox"))
        .hasMessageContaining("INBOX");
    assertThatThrownBy(() -> Operation.deleteFolder("acct", "INBOX"))
        .hasMessageContaining("INBOX cannot be deleted");
    assertThatThrownBy(() -> Operation.renameFolder("acct", "Inbox", "B"))
        .hasMessageContaining("INBOX cannot be renamed");
    assertThatThrownBy(() -> Operation.createFolder("acct", "a\u0000b"))
        .hasMessageContaining("folder");
    MessageRef folder = MessageRef.folderOnly("acct", "A");
    assertThatThrownBy(() -> Operation.of(OperationKind.FOLDER, folder, null, null))
        .hasMessageContaining("payload");
    assertThatThrownBy(() -> Operation.of(OperationKind.FOLDER, folder, null, "EXPLODE"))
        .hasMessageContaining("'EXPLODE'");
    assertThatThrownBy(() -> Operation.of(OperationKind.FOLDER, folder, "B", "CREATE"))
        .hasMessageContaining("newName must be null for CREATE");
    assertThatThrownBy(
            () ->
                Operation.of(
                    OperationKind.FOLDER, MessageRef.of("acct", "A", 1, 2), null, "CREATE"))
        .hasMessageContaining("names a folder, not a message");
  }

  @Test
  void messageOperationsRefuseAReferenceToAFolder() {
    MessageRef folder = MessageRef.folderOnly("acct", "Archive");
    assertThatThrownBy(() -> Operation.markRead(folder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("message")
        .hasMessageContaining("names a folder");
    assertThatThrownBy(() -> Operation.move(folder, "INBOX")).hasMessageContaining("message");
    assertThatThrownBy(() -> Operation.permanentDelete(folder)).hasMessageContaining("message");
  }

  @Test
  void aMessageReferenceHasBothUidAndUidValidityOrNeither() {
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", 0, 5))
        .hasMessageContaining("uidValidity must be positive");
    assertThatThrownBy(() -> MessageRef.of("acct", "INBOX", 5, 0))
        .hasMessageContaining("uid must be positive");
    assertThat(MessageRef.folderOnly("acct", "INBOX").toString()).isEqualTo("acct:INBOX");
  }
}
