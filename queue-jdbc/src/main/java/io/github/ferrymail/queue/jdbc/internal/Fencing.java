package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.Lease;

/**
 * Re-points operations under a lease ({@code remap}), and the error every fenced write throws when
 * the lease is not the account's current one. Outcomes are written by {@link OutcomeWriter}.
 */
public final class Fencing {
  private final StoreContext c;

  /**
   * Creates the fencing.
   *
   * @param context the store's context
   */
  public Fencing(StoreContext context) {
    this.c = context;
  }

  /**
   * Re-points the account's unfinished operations on a message at its new location.
   *
   * @param lease the lease
   * @param from the old location
   * @param to the new location
   * @return how many operations were re-pointed
   */
  public int remap(Lease lease, MessageRef from, MessageRef to) {
    checkRemap(lease, from, to);
    return c.tx.inTransaction(
        "remap operations of account " + lease.account(),
        ctx -> {
          // Locks the account row: no takeover can slip in between the check and the update.
          if (!Leases.lockLease(ctx, c.vendor, c.a, lease)) {
            throw lost(lease, "the lease was taken over");
          }
          return new Repoint(c).execute(ctx, lease, from, to);
        });
  }

  private static void checkRemap(Lease lease, MessageRef from, MessageRef to) {
    Args.notNull(lease, "lease");
    Args.notNull(from, "from");
    Args.notNull(to, "to");
    if (!from.account().equals(lease.account()) || !to.account().equals(lease.account())) {
      throw new IllegalArgumentException(
          "from and to must both belong to the lease's account " + lease.account());
    }
    Bounds.fits(to.folder(), Bounds.FOLDER, "to.folder");
    Bounds.fits(to.messageId(), Bounds.MESSAGE_ID, "to.messageId");
  }

  static LeaseLostException lost(Lease lease, String what) {
    return new LeaseLostException(
        "lease of " + lease.owner() + " on account " + lease.account() + " lost: " + what);
  }
}
