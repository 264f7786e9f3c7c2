/** Internals shared by Ferry's modules; not API, exported only to Ferry's own modules. */
@NullMarked
package io.github.ferrymail.core.internal;

import org.jspecify.annotations.NullMarked;
