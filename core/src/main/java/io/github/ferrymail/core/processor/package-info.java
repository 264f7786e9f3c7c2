/**
 * The queue processor: claims, coalesces, batches and executes queued operations, and records their
 * outcomes; plus its listener and admin facade.
 */
@NullMarked
package io.github.ferrymail.core.processor;

import org.jspecify.annotations.NullMarked;
