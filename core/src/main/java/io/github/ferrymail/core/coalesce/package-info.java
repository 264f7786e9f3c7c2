/** Coalescing: the pure function that reduces an account's due operations to what must run. */
@NullMarked
package io.github.ferrymail.core.coalesce;

import org.jspecify.annotations.NullMarked;
