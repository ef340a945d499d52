/**
 * Who answers a delivery. Slack and Teams redeliver (a retry after a slow 200, the same message as two event
 * types), and behind a load balancer the retry may reach another replica: the first claim of a key, by any
 * replica, wins, and the others leave the delivery alone.
 */
export interface DeliveryClaims {
  /**
   * True for the first claim of any of `keys` (and records them all); false when one of them was already
   * claimed. Undefined keys are ignored.
   */
  claim(...keys: (string | undefined)[]): Promise<boolean>;
}

/** Claims in this process's memory alone: enough for one server, and what a store falls back to. */
export function inProcessClaims(recent = new RecentEvents()): DeliveryClaims {
  return { claim: async (...keys) => recent.claim(...keys) };
}

/**
 * Remembers which events were already taken up in this process (Slack's events, Teams' activities), so a retry (Slack redelivers when it did not see a
 * quick 200) or the same message arriving as two event types is answered once. In memory and bounded: a
 * restart forgets, which at worst answers a retry of a question it never finished. The stores use it while
 * their database cannot be reached.
 */
export class RecentEvents {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity = 2000,
    /** Slack's last retry comes about five minutes after the first delivery; keep keys well beyond that. */
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * True the first time any of `keys` is claimed (and records them all); false when one of them was claimed
   * within the time to live. Undefined keys are ignored.
   */
  claim(...keys: (string | undefined)[]): boolean {
    const present = keys.filter((k): k is string => Boolean(k));
    const at = this.now();
    this.forgetExpired(at);
    if (present.some((k) => this.seen.has(k))) return false;
    for (const key of present) this.seen.set(key, at);
    while (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(at: number): void {
    // Insertion order is time order, so the expired keys are at the front.
    for (const [key, claimedAt] of this.seen) {
      if (at - claimedAt < this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}
