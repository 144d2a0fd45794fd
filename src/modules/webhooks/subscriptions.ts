import type { DbOrTx } from "../../core/db/client.js";
import { enabledSubscriptions } from "./endpoints-repo.js";
import { subscribes } from "./event-types.js";

export interface Subscription {
  id: string;
  clinicId: string | null;
  eventTypes: string[];
}

/**
 * The enabled endpoints, read at most once per `ttlMs` (endpoints are few and change
 * rarely; this is asked for every batch of emails). An endpoint saved in this process counts
 * at once (`invalidate`); one saved by another process within `ttlMs`.
 */
export class Subscriptions {
  private byScope: Map<string | null, Subscription[]> | null = null;
  private readAt = 0;
  /** Bumped by invalidate: a read that started before it is used once, not kept. */
  private generation = 0;

  constructor(
    private readonly db: DbOrTx,
    private readonly ttlMs = 2000,
  ) {}

  invalidate(): void {
    this.byScope = null;
    this.generation++;
  }

  /**
   * `db`: the caller's transaction, if it is in one. PGlite has one connection: a read beside
   * an open transaction waits for it, so nobody waits on another caller's read either.
   */
  private async current(db: DbOrTx = this.db): Promise<Map<string | null, Subscription[]>> {
    if (this.byScope && Date.now() - this.readAt < this.ttlMs) return this.byScope;
    const generation = this.generation;
    const rows = await enabledSubscriptions(db);
    const byScope = new Map<string | null, Subscription[]>();
    for (const r of rows) byScope.set(r.clinicId, [...(byScope.get(r.clinicId) ?? []), r]);
    if (generation === this.generation) {
      this.byScope = byScope;
      this.readAt = Date.now();
    }
    return byScope;
  }

  /** The endpoints that hear `name` about this clinic (its own and the installation's); any clinic when left out. */
  async matching(name: string, clinicId?: string, db?: DbOrTx): Promise<Subscription[]> {
    const byScope = await this.current(db);
    if (byScope.size === 0) return [];
    const candidates =
      clinicId === undefined
        ? [...byScope.values()].flat()
        : [...(byScope.get(clinicId) ?? []), ...(byScope.get(null) ?? [])];
    return candidates.filter((s) => subscribes(s.eventTypes, name));
  }
}
