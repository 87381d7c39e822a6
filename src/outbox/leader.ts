/**
 * One drain at a time across every instance that shares a database, so that Feishu's app-wide limits (50/s,
 * 1000/min) and the per-chat and per-user 5/s hold for all of them together: the rate limiter counts in one
 * process, and only the process that holds the drain's lease sends. The lease dies with its holder (a killed
 * process, a lost connection), and the next claim of another instance takes it over.
 */
export interface DrainLease {
  /** Takes the lease, or checks that this instance still holds it; false while another instance holds it. */
  acquire(): Promise<boolean>;
  /** Gives the lease up (a clean stop), so that another instance takes it at its next claim. */
  release(): Promise<void>;
}
