/**
 * The IMAP API: {@link io.github.ferrymail.imap.ImapAccount} (how to reach and log in to a server),
 * {@link io.github.ferrymail.imap.AtomicImapSession} (operations on UID sets that take effect
 * exactly once) and {@link io.github.ferrymail.imap.ImapOperationExecutor} (the queue's executor).
 */
@NullMarked
package io.github.ferrymail.imap;

import org.jspecify.annotations.NullMarked;
