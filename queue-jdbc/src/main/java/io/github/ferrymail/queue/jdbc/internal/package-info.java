/** The JDBC queue's internals: table names, dialect hooks, row mapping and transactions. */
@org.jspecify.annotations.NullMarked
package io.github.ferrymail.queue.jdbc.internal;
