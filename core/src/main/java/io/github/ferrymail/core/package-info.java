/** The operation model: messages, operations, their queued form and the exceptions Ferry throws. */
@NullMarked
package io.github.ferrymail.core;

import org.jspecify.annotations.NullMarked;
