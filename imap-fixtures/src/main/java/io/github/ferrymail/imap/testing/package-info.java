/**
 * Ferry's own IMAP test fixtures (module {@code imap-fixtures}, not published), shared by the imap
 * module's tests, integration-tests and benchmarks: a real Dovecot per test class ({@link
 * io.github.ferrymail.imap.testing.DovecotServer}), a TCP proxy that loses replies on cue ({@link
 * io.github.ferrymail.imap.testing.FaultInjectingProxy}) and a scripted IMAP server for odd
 * responses ({@link io.github.ferrymail.imap.testing.ScriptedImapServer}).
 */
@NullMarked
package io.github.ferrymail.imap.testing;

import org.jspecify.annotations.NullMarked;
