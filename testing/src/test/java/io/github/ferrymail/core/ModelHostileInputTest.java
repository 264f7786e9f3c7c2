package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * The model's public entry points fed hostile input: every value is either accepted and kept
 * exactly, or refused with an exception whose message starts with the name of the offending field.
 * Which of the two is decided by an oracle ({@link HostileText#problem}), not by the code itself.
 */
class ModelHostileInputTest {
  private static final long MAX_32 = 0xFFFF_FFFFL;

  @Provide
  Arbitrary<String> text() {
    return HostileText.any();
  }

  @Provide
  Arbitrary<String> acceptable() {
    return HostileText.acceptable();
  }

  @Provide
  Arbitrary<Long> number() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-2, 3),
        Arbitraries.longs().between(MAX_32 - 1, MAX_32 + 1),
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 1L, MAX_32));
  }

  @Property(tries = 1000)
  void aMessageRefKeepsWhatItAcceptsAndNamesWhatItRefuses(
      @ForAll("text") String account,
      @ForAll("text") String folder,
      @ForAll("number") long uidValidity,
      @ForAll("number") long uid,
      @ForAll("text") String messageId) {
    List<String> bad = new ArrayList<>();
    addIf(bad, "account", HostileText.problem(account, true));
    addIf(bad, "folder", HostileText.problem(folder, true));
    addIf(bad, "messageId", HostileText.problem(messageId, false));
    boolean folderOnly = uidValidity == 0 && uid == 0; // a reference to the folder itself
    if (!folderOnly && (uidValidity < 1 || uidValidity > MAX_32)) {
      bad.add("uidValidity");
    }
    if (!folderOnly && (uid < 1 || uid > MAX_32)) {
      bad.add("uid");
    }

    Throwable thrown =
        catchThrowable(() -> verifyKept(account, folder, uidValidity, uid, messageId));

    assertNamesOneOf(thrown, bad);
  }

  private static void verifyKept(
      String account, String folder, long uidValidity, long uid, String messageId) {
    MessageRef ref = new MessageRef(account, folder, uidValidity, uid, messageId);
    assertThat(ref.account()).isEqualTo(account);
    assertThat(ref.folder()).isEqualTo(folder);
    assertThat(ref.uidValidity()).isEqualTo(uidValidity);
    assertThat(ref.uid()).isEqualTo(uid);
    assertThat(ref.messageId())
        .isEqualTo(messageId == null || messageId.isBlank() ? null : messageId);
  }

  @Property(tries = 400)
  void everyOperationFactoryAcceptsAValidDestinationOrNamesIt(
      @ForAll("acceptable") String folder,
      @ForAll("text") String destination,
      @ForAll("kinds") OperationKind kind) {
    MessageRef ref = new MessageRef("acct", folder, 7, 3, null);
    List<String> bad = new ArrayList<>();
    if (kind.needsDestination()) {
      // A replace's destination is the folder of its new version.
      String name = kind == OperationKind.REPLACE ? "folder" : "destination";
      addIf(bad, name, HostileText.problem(destination, true));
    } else if (destination != null) {
      bad.add("destination");
    }

    Throwable thrown =
        catchThrowable(
            () -> {
              Operation op = Operation.of(kind, ref, destination, payloadOf(kind));
              assertThat(op.kind()).isEqualTo(kind);
              assertThat(op.message()).isEqualTo(ref);
              assertThat(op.destination()).isEqualTo(destination);
              // The factory of the kind agrees with Operation.of.
              assertThat(factory(kind, ref, destination)).isEqualTo(op);
            });

    assertNamesOneOf(thrown, bad);
  }

  @Property(tries = 200)
  void everyFolderOperationAcceptsAValidNameOrNamesIt(
      @ForAll("text") String folder, @ForAll("text") String newName) {
    List<String> bad = new ArrayList<>();
    addIf(bad, "folder", HostileText.problem(folder, true));
    addIf(bad, "newName", HostileText.problem(newName, true));
    if (bad.isEmpty() && (newName.equals(folder) || "INBOX".equalsIgnoreCase(newName))) {
      bad.add("newName");
    }
    if (bad.isEmpty() && "INBOX".equalsIgnoreCase(folder)) {
      bad.add("folder");
    }

    Throwable thrown =
        catchThrowable(
            () -> {
              Operation op = Operation.renameFolder("acct", folder, newName);
              assertThat(op.message().folder()).isEqualTo(folder);
              assertThat(Operation.of(op.kind(), op.message(), op.destination(), op.payload()))
                  .isEqualTo(op);
            });

    assertNamesOneOf(thrown, bad);
  }

  /** Kinds of message operations; folder operations have their own property above. */
  @Provide
  Arbitrary<OperationKind> kinds() {
    return Arbitraries.of(
        OperationKind.values().stream()
            .filter(k -> !k.isFolderChange() && k != OperationKind.APPEND)
            .toList());
  }

  private static @Nullable String payloadOf(OperationKind kind) {
    if (kind == OperationKind.REPLACE) {
      return "- 0 draft-1";
    }
    return kind == OperationKind.FLAGS ? FlagDelta.adding(FlagDelta.SEEN).encode() : null;
  }

  private static Operation factory(OperationKind kind, MessageRef ref, String destination) {
    if (kind == OperationKind.FLAGS) {
      return Operation.markRead(ref);
    } else if (kind == OperationKind.MOVE) {
      return Operation.move(ref, destination);
    } else if (kind == OperationKind.MOVE_TO_TRASH) {
      return Operation.moveToTrash(ref);
    } else if (kind == OperationKind.RESTORE) {
      return Operation.restore(ref, destination);
    } else if (kind == OperationKind.PERMANENT_DELETE) {
      return Operation.permanentDelete(ref);
    } else if (kind == OperationKind.COPY) {
      return Operation.copy(ref, destination);
    } else if (kind == OperationKind.REPLACE) {
      return Operation.replace(ref, destination, NewMessage.of("draft-1"));
    }
    throw new AssertionError(kind);
  }

  @Property(tries = 500)
  void aNewOperationKeepsItsKeyOrNamesIt(@ForAll("text") String messageKey) {
    Operation op = Operation.markRead(MessageRef.of("acct", "INBOX", 1, 1));
    List<String> bad = new ArrayList<>();
    addIf(bad, "messageKey", HostileText.problem(messageKey, false));
    if (messageKey != null && messageKey.isBlank()) {
      bad.add("messageKey");
    }

    Throwable thrown =
        catchThrowable(
            () -> assertThat(new NewOperation(op, messageKey).messageKey()).isEqualTo(messageKey));

    assertNamesOneOf(thrown, bad);
  }

  @Property(tries = 1000)
  void aCheckpointOfAnyTextSurvivesItsEncoding(
      @ForAll("acceptable") String source,
      @ForAll("acceptable") String destination,
      @ForAll("messageIds") Map<Long, String> ids) {
    Checkpoint checkpoint = new Checkpoint(source, 7, destination, 9, MAX_32, ids);

    String encoded = checkpoint.encode();

    assertThat(encoded).matches("[\\x21-\\x7e]+");
    assertThat(Checkpoint.decode(encoded)).isEqualTo(checkpoint);
  }

  @Provide
  Arbitrary<Map<Long, String>> messageIds() {
    // Message-IDs come from servers: NUL and blank ones are kept as they came.
    Arbitrary<String> id =
        HostileText.any()
            .filter(s -> s != null && HostileText.problem(s.replace('\0', 'x'), false) == null);
    return Arbitraries.maps(Arbitraries.longs().between(1, MAX_32), id).ofMaxSize(5);
  }

  @Property(tries = 2000)
  void aCorruptCheckpointIsRefusedNamingTheCheckpointAndNeverMisread(
      @ForAll("corruptCheckpoints") String stored) {
    Throwable thrown = catchThrowable(() -> Checkpoint.decode(stored));

    if (thrown == null) {
      // Whatever parses is a checkpoint that encodes to something decoding to the same.
      Checkpoint read = Checkpoint.decode(stored);
      assertThat(Checkpoint.decode(read.encode())).isEqualTo(read);
    } else {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
      assertThat(thrown.getMessage())
          .matches(
              "(?s)(checkpoint|sourceFolder|sourceUidValidity|destinationFolder"
                  + "|destinationUidValidity|destinationUidNext|messageIds).*");
    }
  }

  @Provide
  Arbitrary<String> corruptCheckpoints() {
    String valid =
        new Checkpoint("INBOX", 7, "Archive/é 😀", 9, 100, Map.of(1L, "<a b@x>", 5L, "<%&=>"))
            .encode();
    Arbitrary<String> cut =
        Arbitraries.integers().between(0, valid.length()).map(n -> valid.substring(0, n));
    Arbitrary<String> replaced =
        Combinators.combine(
                Arbitraries.integers().between(0, valid.length() - 1),
                Arbitraries.of('&', '=', '%', ':', ',', '-', '0', 'x', ' ', '\0', '\uD83D'))
            .as((i, c) -> valid.substring(0, i) + c + valid.substring(i + 1));
    Arbitrary<String> numbers =
        Arbitraries.of("0", "-1", "99999999999999999999", "1e3", "", " 5", "4294967296")
            .flatMap(
                n ->
                    Arbitraries.of("srcv", "dstv", "next", "ids")
                        .map(
                            field ->
                                field.equals("ids")
                                    ? valid.replaceFirst("ids=[^&]*", "ids=" + n + "%3A%3Cx%3E")
                                    : valid.replaceFirst(field + "=[^&]*", field + "=" + n)));
    Arbitrary<String> noise = HostileText.any().filter(s -> s != null);
    return Arbitraries.oneOf(cut, replaced, numbers, noise);
  }

  @Property(tries = 300)
  void theInMemoryStoreReturnsExactlyWhatWasQueued(
      @ForAll("acceptable") String account,
      @ForAll("acceptable") String folder,
      @ForAll("acceptable") String destination,
      @ForAll("acceptable") String messageId,
      @ForAll("acceptable") String messageKey) {
    InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
    MessageRef ref = new MessageRef(account, folder, 7, 3, messageId);

    PendingOperation queued =
        store.queue(NewOperation.of(Operation.move(ref, destination), messageKey));

    PendingOperation read = store.get(queued.id()).orElseThrow();
    assertThat(read.operation()).isEqualTo(Operation.move(ref, destination));
    assertThat(read.messageKey()).isEqualTo(messageKey);
    assertThat(
            store
                .claim(account, "w", java.time.Duration.ofMinutes(1), 10)
                .orElseThrow()
                .operations())
        .extracting(PendingOperation::id)
        .containsExactly(queued.id());
  }

  @Property(tries = 200)
  void aRelocationIsInTheFolderItNames(@ForAll("text") String folder) {
    List<String> bad = new ArrayList<>();
    addIf(bad, "folder", folder == null ? "null" : folder.isBlank() ? "blank" : null);

    Throwable thrown =
        catchThrowable(() -> assertThat(Relocation.uidUnknown(folder).folder()).isEqualTo(folder));

    assertNamesOneOf(thrown, bad);
    if (thrown == null && HostileText.problem(folder, true) == null) {
      assertThatThrownBy(
              () -> new Relocation(folder, new MessageRef("a", folder + "x", 1, 1, null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("location");
    }
  }

  private static void addIf(List<String> bad, String field, @Nullable String problem) {
    if (problem != null) {
      bad.add(field);
    }
  }

  /** No exception when nothing is wrong; else NPE or IAE whose message starts with a bad field. */
  static void assertNamesOneOf(@Nullable Throwable thrown, List<String> badFields) {
    if (badFields.isEmpty()) {
      assertThat(thrown).as("nothing wrong, so nothing thrown").isNull();
      return;
    }
    assertThat(thrown)
        .as("one of %s is wrong", badFields)
        .isNotNull()
        .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
    String message = thrown.getMessage();
    assertThat(Set.copyOf(badFields).stream().anyMatch(f -> message.startsWith(f + " ")))
        .as("'%s' names one of %s", message, badFields)
        .isTrue();
  }
}
