/**
 * Ferry's IMAP side: {@link io.github.ferrymail.imap.AtomicImapSession}, one authenticated
 * connection that moves and flags messages exactly once, and {@link
 * io.github.ferrymail.imap.ImapOperationExecutor}, the executor the queue processor calls.
 */
module io.github.ferrymail.imap {
  requires transitive io.github.ferrymail.core;
  requires transitive jakarta.mail;
  requires transitive org.eclipse.angus.mail; // IMAPStore in ImapOperationExecutor.lend
  requires org.slf4j;
  requires static org.jspecify;

  exports io.github.ferrymail.imap;
}
