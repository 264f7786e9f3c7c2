/** Implementation of the IMAP session over Angus Mail; not API. */
@NullMarked
package io.github.ferrymail.imap.internal;

import org.jspecify.annotations.NullMarked;
