package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.ImapOperationException;
import io.github.ferrymail.imap.SelectedFolder;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw commands a session sends on its one connection, each with its failure classified. Angus
 * Mail's own folder methods are not used for anything that takes UIDs: they send sequence numbers,
 * need MOVE, or read a single COPYUID.
 */
final class ImapWire {
  private static final Logger LOG = LoggerFactory.getLogger(ImapWire.class);

  private final ImapConnection connection;
  private final IMAPProtocol protocol;
  private boolean changing;
  // Whether a command of this call got its answer: the connection was alive then.
  private boolean answered;

  ImapWire(ImapConnection connection, IMAPProtocol protocol) {
    this.connection = connection;
    this.protocol = protocol;
  }

  /**
   * Whether a command that may change the mailbox (STORE, COPY, MOVE, EXPUNGE, CREATE, APPEND) has
   * been sent: until then a lost connection can be retried on a new one without any doubt.
   */
  boolean sentChangingCommand() {
    return changing;
  }

  /** Selects a folder unless it already is, and checks its UIDVALIDITY. */
  SelectedFolder select(String folder, long expectedUidValidity) {
    SelectedFolder selected = select(folder);
    if (selected.uidValidity() != expectedUidValidity) {
      throw new ImapOperationException(
          FailureReason.STALE_UIDVALIDITY,
          "folder '"
              + folder
              + "' has UIDVALIDITY "
              + selected.uidValidity()
              + ", the references name "
              + expectedUidValidity
              + ": its UIDs may name other messages now",
          null,
          null);
    }
    return selected;
  }

  /**
   * Selects the folder of UIDs the call is about to name, and checks its UIDVALIDITY.
   *
   * <p>A folder still selected from an earlier call is seen by some servers (Dovecot) as it was at
   * the end of that call's last command: a message that arrived since, as one another session moved
   * in, is not in that view, and a STORE, FETCH or SEARCH naming it matches nothing while the
   * server answers OK. So when no command of this call has been answered yet and a UID named is not
   * below the UIDNEXT of the SELECT (every message below it was in the view from the start), a
   * {@code NOOP} brings the view up to date first. Found by the live load: a flag change reported
   * done had missed a message moved in by the processor that held the account before.
   */
  SelectedFolder select(String folder, long expectedUidValidity, SortedSet<Long> uids) {
    SelectedFolder selected = select(folder, expectedUidValidity);
    if (!answered && !uids.isEmpty() && uids.last() >= selected.uidNext()) {
      command("NOOP", null, "NOOP in '" + folder + "'");
    }
    return selected;
  }

  /** Selects a folder read-write unless it already is selected on this connection. */
  SelectedFolder select(String folder) {
    SelectedFolder current = connection.selectedOn(protocol);
    if (current != null && current.name().equals(folder)) {
      return current;
    }
    connection.setSelected(null, protocol);
    MailboxInfo info;
    @Nullable Set<String> permanentFlags;
    try {
      // IMAPProtocol.select, but seeing whether PERMANENTFLAGS came at all: Angus puts the FLAGS
      // list in its place when it did not, which would refuse keywords RFC 9051 allows then.
      long started = System.nanoTime();
      Response[] responses = protocol.command("SELECT", mailbox(folder));
      connection.commandFinished(
          "SELECT", System.nanoTime() - started, responses[responses.length - 1].isOK());
      boolean sentPermanentFlags = mentionsPermanentFlags(responses);
      info = new MailboxInfo(responses);
      protocol.notifyResponseHandlers(responses);
      Response last = responses[responses.length - 1];
      if (last.isOK()) {
        info.mode = last.toString().contains("READ-ONLY") ? Folder.READ_ONLY : Folder.READ_WRITE;
      }
      protocol.handleResult(last);
      permanentFlags = sentPermanentFlags ? names(info.permanentFlags) : null;
    } catch (ProtocolException e) {
      ImapOperationException classified = classify(e, "SELECT '" + folder + "'");
      if (classified.reason() == FailureReason.UNKNOWN) {
        throw new ImapOperationException(
            FailureReason.FOLDER_NOT_FOUND, classified.getMessage(), classified.responseCode(), e);
      }
      throw classified;
    }
    if (info.uidvalidity <= 0) {
      throw new ImapOperationException(
          FailureReason.UNKNOWN, "SELECT '" + folder + "': server sent no UIDVALIDITY", null, null);
    }
    answered = true;
    boolean readWrite = info.mode == Folder.READ_WRITE;
    SelectedFolder selected =
        new SelectedFolder(
            folder, info.uidvalidity, Math.max(0, info.uidnext), readWrite, permanentFlags);
    connection.setSelected(selected, protocol);
    if (!readWrite) {
      throw new ImapOperationException(
          FailureReason.NOT_PERMITTED, "folder '" + folder + "' is read-only", "READ-ONLY", null);
    }
    return selected;
  }

  private static boolean mentionsPermanentFlags(Response[] responses) {
    for (Response r : responses) {
      if (r != null
          && r.isUnTagged()
          && r.toString().toUpperCase(Locale.ROOT).contains("[PERMANENTFLAGS ")) {
        return true;
      }
    }
    return false;
  }

  /** The flags as IMAP spells them, {@code \*} for "new keywords allowed". */
  private static Set<String> names(Flags flags) {
    Set<String> names = new LinkedHashSet<>();
    for (Flags.Flag flag : flags.getSystemFlags()) {
      names.add(systemName(flag));
    }
    names.addAll(List.of(flags.getUserFlags()));
    return names;
  }

  private static String systemName(Flags.Flag flag) {
    if (flag == Flags.Flag.ANSWERED) {
      return "\\Answered";
    } else if (flag == Flags.Flag.DELETED) {
      return "\\Deleted";
    } else if (flag == Flags.Flag.DRAFT) {
      return "\\Draft";
    } else if (flag == Flags.Flag.FLAGGED) {
      return "\\Flagged";
    } else if (flag == Flags.Flag.RECENT) {
      return "\\Recent";
    } else if (flag == Flags.Flag.SEEN) {
      return "\\Seen";
    }
    return SelectedFolder.NEW_KEYWORDS; // Flags.Flag.USER
  }

  /** UIDVALIDITY and UIDNEXT of a folder, through STATUS. */
  long[] status(String folder) {
    try {
      Status status =
          timed("STATUS", () -> protocol.status(folder, new String[] {"UIDVALIDITY", "UIDNEXT"}));
      return new long[] {status.uidvalidity, status.uidnext};
    } catch (ProtocolException e) {
      ImapOperationException classified = classify(e, "STATUS '" + folder + "'");
      if (classified.reason() == FailureReason.UNKNOWN) {
        throw new ImapOperationException(
            FailureReason.FOLDER_NOT_FOUND, classified.getMessage(), classified.responseCode(), e);
      }
      throw classified;
    }
  }

  /** Every folder with its attributes. */
  List<ListInfo> list() {
    try {
      ListInfo[] all = timed("LIST", () -> protocol.list("", "*"));
      return all == null ? List.of() : List.of(all);
    } catch (ProtocolException e) {
      throw classify(e, "LIST");
    }
  }

  void create(String folder) {
    changing = true;
    try {
      timed(
          "CREATE",
          () -> {
            protocol.create(folder);
            return null;
          });
      LOG.info("Created folder '{}'", folder);
    } catch (ProtocolException e) {
      ImapOperationException classified = classify(e, "CREATE '" + folder + "'");
      if (!"ALREADYEXISTS".equals(classified.responseCode())) {
        throw classified;
      }
    }
  }

  /**
   * Whether a folder exists: LIST of its exact name (wildcards in it may match others, which are
   * not it). A name with the wildcards of LIST patterns is matched among every folder instead.
   */
  boolean exists(String folder) {
    try {
      boolean wild = folder.indexOf('*') >= 0 || folder.indexOf('%') >= 0;
      ListInfo[] found = timed("LIST", () -> protocol.list("", wild ? "*" : folder));
      if (found != null) {
        for (ListInfo info : found) {
          if (info.name.equals(folder) && !info.canOpen && info.hasInferiors) {
            continue; // \Noselect: only a name in the hierarchy, as after a DELETE of a parent
          }
          if (info.name.equals(folder)) {
            return true;
          }
        }
      }
      return false;
    } catch (ProtocolException e) {
      throw classify(e, "LIST '" + folder + "'");
    }
  }

  /** RENAME; the caller knows the source exists and the target does not. */
  void rename(String from, String to) {
    changing = true;
    leave(from);
    try {
      timed(
          "RENAME",
          () -> {
            protocol.rename(from, to);
            return null;
          });
      LOG.info("Renamed folder '{}' to '{}'", from, to);
    } catch (ProtocolException e) {
      throw classify(e, "RENAME '" + from + "' to '" + to + "'");
    }
  }

  /** DELETE; the caller knows the folder exists. */
  void delete(String folder) {
    changing = true;
    leave(folder);
    try {
      timed(
          "DELETE",
          () -> {
            protocol.delete(folder);
            return null;
          });
      LOG.info("Deleted folder '{}'", folder);
    } catch (ProtocolException e) {
      throw classify(e, "DELETE '" + folder + "'");
    }
  }

  /** SUBSCRIBE or UNSUBSCRIBE. */
  void subscribe(String folder, boolean subscribe) {
    changing = true;
    try {
      timed(
          subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE",
          () -> {
            if (subscribe) {
              protocol.subscribe(folder);
            } else {
              protocol.unsubscribe(folder);
            }
            return null;
          });
    } catch (ProtocolException e) {
      throw classify(e, (subscribe ? "SUBSCRIBE '" : "UNSUBSCRIBE '") + folder + "'");
    }
  }

  /**
   * Leaves a folder that is about to be renamed or deleted by selecting INBOX: never CLOSE, which
   * would expunge every message flagged {@code \Deleted} there, other clients' included.
   */
  private void leave(String folder) {
    SelectedFolder current = connection.selectedOn(protocol);
    if (current != null && current.name().equals(folder)) {
      select("INBOX");
    }
  }

  /** UIDs of the selected folder matching a search, for example {@code UID 1:5 DELETED}. */
  SortedSet<Long> uidSearch(String criteria) {
    Response[] responses = command("UID SEARCH " + criteria, null, "UID SEARCH");
    SortedSet<Long> uids = new TreeSet<>();
    for (Response r : responses) {
      if (r instanceof IMAPResponse && ((IMAPResponse) r).keyEquals("SEARCH")) {
        long uid;
        while ((uid = r.readLong()) != -1) {
          uids.add(uid);
        }
      }
    }
    return uids;
  }

  /** Message-ID, size, internal date and {@code \Deleted} of messages of the selected folder. */
  Map<Long, MessageMeta> fetchMeta(String uidSet) {
    Response[] responses =
        command(
            "UID FETCH "
                + uidSet
                + " (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])",
            null,
            "UID FETCH");
    Map<Long, MessageMeta> metas = new LinkedHashMap<>();
    for (Response r : responses) {
      if (!(r instanceof FetchResponse)) {
        continue;
      }
      FetchResponse f = (FetchResponse) r;
      UID uid = f.getItem(UID.class);
      if (uid == null) {
        continue;
      }
      RFC822SIZE size = f.getItem(RFC822SIZE.class);
      INTERNALDATE date = f.getItem(INTERNALDATE.class);
      BODY body = f.getItem(BODY.class);
      FLAGS flags = f.getItem(FLAGS.class);
      String messageId =
          body == null || body.getByteArray() == null
              ? null
              : MessageMeta.parseMessageId(body.getByteArray().getNewBytes());
      Date internal = date == null ? null : date.getDate();
      metas.put(
          uid.uid,
          new MessageMeta(
              uid.uid,
              messageId,
              size == null ? -1 : size.size,
              internal == null ? null : internal.toInstant(),
              flags != null && flags.contains(Flags.Flag.DELETED)));
    }
    return metas;
  }

  /**
   * The UIDs among {@code uids} that exist in the selected folder, by {@code UID SEARCH} of chunks
   * of at most {@code maxUidSetLength} bytes.
   */
  SortedSet<Long> existing(SortedSet<Long> uids, int maxUidSetLength) {
    SortedSet<Long> found = new TreeSet<>();
    for (SortedSet<Long> chunk : UidSets.chunk(uids, maxUidSetLength)) {
      SortedSet<Long> hits = uidSearch("UID " + UidSets.compress(chunk));
      hits.retainAll(chunk);
      found.addAll(hits);
    }
    return found;
  }

  /**
   * {@code UID STORE +FLAGS} or {@code -FLAGS}, not {@code .SILENT}: returns the UIDs the server
   * named in its untagged FETCH replies, the messages whose flags it changed (and, on some servers,
   * the unchanged ones too).
   *
   * <p>Setting flags to a wished state is idempotent. Sent as the call's first command (its folder
   * selected by an earlier call), a lost connection most likely died while idle, so the call may
   * run again on a new one, as after a read; once the connection answered in this call, a loss
   * counts as the outcome-unknown loss of a change, as for any other.
   */
  SortedSet<Long> storeReporting(String uidSet, boolean add, String flagList) {
    return reported(storeCommand(uidSet, add, flagList, null));
  }

  /**
   * A conditional STORE (RFC 7162 3.1.3): {@code UID STORE set (UNCHANGEDSINCE n) +FLAGS ...}.
   * Returns the UIDs the replies named as changed, and adds to {@code modified} the UIDs of the
   * tagged {@code [MODIFIED ...]} code: messages changed since {@code n}, left as they were.
   */
  SortedSet<Long> storeUnchangedSince(
      String uidSet, boolean add, String flagList, long modSeq, int asked, Set<Long> modified) {
    Response[] responses = storeCommand(uidSet, add, flagList, modSeq);
    Matcher m = MODIFIED.matcher(responses[responses.length - 1].toString());
    if (m.find()) {
      modified.addAll(UidSets.expand(m.group(1), asked));
    }
    return reported(responses);
  }

  private static final Pattern MODIFIED =
      Pattern.compile("\\[MODIFIED ([0-9:,]+)\\]", Pattern.CASE_INSENSITIVE);

  private Response[] storeCommand(
      String uidSet, boolean add, String flagList, @Nullable Long unchangedSince) {
    changing |= answered;
    String check = unchangedSince == null ? "" : " (UNCHANGEDSINCE " + unchangedSince + ")";
    return command(
        "UID STORE " + uidSet + check + (add ? " +FLAGS " : " -FLAGS ") + flagList,
        null,
        "UID STORE" + check + " " + (add ? "+" : "-") + flagList);
  }

  private static SortedSet<Long> reported(Response[] responses) {
    SortedSet<Long> reported = new TreeSet<>();
    for (Response r : responses) {
      if (r instanceof FetchResponse) {
        UID uid = ((FetchResponse) r).getItem(UID.class);
        if (uid != null) {
          reported.add(uid.uid);
        }
      }
    }
    return reported;
  }

  void store(String uidSet, boolean add, String flagList) {
    changing = true;
    command(
        "UID STORE " + uidSet + (add ? " +FLAGS.SILENT " : " -FLAGS.SILENT ") + flagList,
        null,
        "UID STORE " + (add ? "+" : "-") + flagList);
  }

  /**
   * {@code APPEND}, the message streamed as the literal; returns the server's APPENDUID when it
   * sent one (trusted only with UIDPLUS, which the caller checks).
   */
  @Nullable AppendUID append(String folder, Flags flags, @Nullable Date date, Literal message) {
    changing = true;
    try {
      return timed("APPEND", () -> protocol.appenduid(folder, flags, date, message, true));
    } catch (ProtocolException e) {
      throw classify(e, "APPEND to '" + folder + "'");
    }
  }

  Response[] uidCopy(String uidSet, String destination) {
    changing = true;
    return command("UID COPY " + uidSet, mailbox(destination), "UID COPY to '" + destination + "'");
  }

  Response[] uidMove(String uidSet, String destination) {
    changing = true;
    return command("UID MOVE " + uidSet, mailbox(destination), "UID MOVE to '" + destination + "'");
  }

  void uidExpunge(String uidSet) {
    changing = true;
    command("UID EXPUNGE " + uidSet, null, "UID EXPUNGE");
  }

  void expunge() {
    changing = true;
    command("EXPUNGE", null, "EXPUNGE");
  }

  private Argument mailbox(String name) {
    Argument args = new Argument();
    if (protocol.supportsUtf8()) {
      args.writeString(name, StandardCharsets.UTF_8);
    } else {
      args.writeString(BASE64MailboxEncoder.encode(name));
    }
    return args;
  }

  /** Sends a command and returns all its responses when the final one is OK. */
  Response[] command(String command, @Nullable Argument args, String context) {
    long started = System.nanoTime();
    Response[] responses = protocol.command(command, args);
    protocol.notifyResponseHandlers(responses);
    Response last = responses[responses.length - 1];
    connection.commandFinished(nameOf(command), System.nanoTime() - started, last.isOK());
    answered |= !last.isBYE(); // Angus answers a lost connection with a BYE of its own
    if (last.isOK()) {
      return responses;
    }
    if (last.isBYE()) {
      connection.broken(protocol);
    }
    throw ErrorClassifier.fromResponse(last, context, null);
  }

  /** A command's name without its arguments: {@code UID MOVE}, {@code NOOP}. */
  static String nameOf(String command) {
    int space = command.indexOf(' ');
    if (space < 0) {
      return command;
    }
    if (command.startsWith("UID ")) {
      int next = command.indexOf(' ', 4);
      return next < 0 ? command : command.substring(0, next);
    }
    return command.substring(0, space);
  }

  /** One command of Angus's, timed for the command listener. */
  @FunctionalInterface
  private interface ProtocolCall<T> {
    T run() throws ProtocolException;
  }

  private <T> T timed(String name, ProtocolCall<T> call) throws ProtocolException {
    long started = System.nanoTime();
    boolean ok = false;
    try {
      T result = call.run();
      ok = true;
      return result;
    } finally {
      connection.commandFinished(name, System.nanoTime() - started, ok);
    }
  }

  private ImapOperationException classify(ProtocolException e, String context) {
    Response response = e.getResponse();
    if (e instanceof ConnectionException || (response != null && response.isBYE())) {
      connection.broken(protocol);
    }
    if (response != null) {
      return ErrorClassifier.fromResponse(response, context, e);
    }
    return ErrorClassifier.fromThrowable(e, context);
  }
}
