import { randomUUID } from "node:crypto";
import type { Clock } from "../../../core/clock.js";
import type { Database } from "../../../core/db/client.js";
import { msUntilNextDue } from "../../../core/db/next-due.js";
import { emailLogs } from "../../../core/db/schema.js";
import type { Logger } from "../../../core/logger.js";
import { BackgroundLoop, PollingLoop } from "../../../core/polling-loop.js";
import { claimDue, EMAILS_CHANNEL, GroupedCompletions } from "../outbox/index.js";
import { type Delivery, DeliveryBatch } from "./delivery.js";

export interface WorkerOptions {
  concurrency: number;
  leaseSeconds: number;
  pollMs?: number;
  /** The longest sleep while nothing is due (see PollingLoop). */
  idleMs?: number;
  /** How long to let due emails gather after a batch that was not full (see PollingLoop). */
  gatherMs?: number;
  batchSize?: number;
}

/**
 * Sends what is due from the outbox (`email_logs`). Claims a batch under a lease, sends with
 * up to `concurrency` messages in flight, and wakes on NOTIFY or every poll interval.
 * stop() stops claiming and waits for the batch in hand.
 */
export class EmailWorker extends BackgroundLoop {
  readonly owner = `worker-${randomUUID()}`;
  protected readonly loop: PollingLoop;
  private readonly completions: GroupedCompletions;
  private readonly batchSize: number;

  constructor(
    private readonly deps: { database: Database; delivery: Delivery; clock: Clock; logger: Logger },
    private readonly options: WorkerOptions,
  ) {
    super();
    this.batchSize = options.batchSize ?? options.concurrency * 4;
    this.completions = new GroupedCompletions(
      deps.database.db,
      this.owner,
      deps.clock,
      deps.delivery.deps.reports,
    );
    this.loop = new PollingLoop("emails", () => this.runOnce(), {
      pollMs: options.pollMs ?? 1000,
      nextDue: () => msUntilNextDue(deps.database.db, emailLogs, emailLogs, deps.clock.now()),
      idleMs: options.idleMs,
      gather: { batchSize: this.batchSize, ms: options.gatherMs ?? 25 },
      wakeOn: { database: deps.database, channel: EMAILS_CHANNEL },
      logger: deps.logger,
    });
  }

  /** Claims and delivers one batch; returns how many rows it took. */
  async runOnce(): Promise<number> {
    const { database, delivery, clock, logger } = this.deps;
    const { concurrency, leaseSeconds } = this.options;
    const rows = await claimDue(database.db, {
      owner: this.owner,
      now: clock.now(),
      leaseSeconds,
      limit: this.batchSize,
    });
    if (rows.length === 0) return 0;
    const batch = new DeliveryBatch(delivery.deps, rows, this.completions);
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        try {
          await delivery.deliver(row, batch);
        } catch (err) {
          // Left leased: the row is retried when the lease runs out.
          logger.error({ err, logId: row.id }, "delivery crashed");
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    return rows.length;
  }
}
