import { and, eq, lte } from "drizzle-orm";
import type { Clock } from "../clock.js";
import type { Database } from "../db/client.js";
import { eventInbox } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { PollingLoop } from "../polling-loop.js";
import { EVENTS_CHANNEL, type EventBus, type StoredEvent } from "./event-bus.js";

export interface DispatcherOptions {
  /** Transactions working side by side (PGlite has one connection: use 1). */
  lanes?: number;
  batchSize?: number;
  pollMs?: number;
  maxAttempts?: number;
  retryBaseSeconds?: number;
}

/**
 * Hands stored events to their handlers. A batch is claimed with FOR UPDATE SKIP LOCKED in
 * one transaction; each event runs in its own savepoint, so its handlers' writes and its
 * `done` mark commit together or not at all. A crash before commit leaves the event pending.
 */
export class EventDispatcher {
  private readonly loop: PollingLoop;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly batchSize: number;
  private readonly lanes: number;
  private readonly maxAttempts: number;
  private readonly retryBaseSeconds: number;

  constructor(
    private readonly deps: { database: Database; bus: EventBus; clock: Clock; logger: Logger },
    options: DispatcherOptions = {},
  ) {
    this.lanes = options.lanes ?? (deps.database.kind === "postgres" ? 4 : 1);
    // PGlite has one connection: a long batch transaction would hold back the worker's sends.
    this.batchSize = options.batchSize ?? (deps.database.kind === "postgres" ? 25 : 10);
    this.maxAttempts = options.maxAttempts ?? 10;
    this.retryBaseSeconds = options.retryBaseSeconds ?? 5;
    this.loop = new PollingLoop("events", () => this.dispatchLanes(), {
      pollMs: options.pollMs ?? 1000,
      logger: deps.logger,
    });
  }

  async start(): Promise<void> {
    this.unlisten = await this.deps.database.listen(EVENTS_CHANNEL, () => this.loop.wake());
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.unlisten?.();
    this.unlisten = null;
  }

  wake(): void {
    this.loop.wake();
  }

  /** Several batches at once, each in its own transaction; SKIP LOCKED keeps them apart. */
  private async dispatchLanes(): Promise<number> {
    if (this.lanes === 1) return this.dispatchBatch();
    const counts = await Promise.all(Array.from({ length: this.lanes }, () => this.dispatchBatch()));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Handles one batch of due events; returns how many it took. Public for tests and benchmarks. */
  async dispatchBatch(): Promise<number> {
    const { database, bus, clock, logger } = this.deps;
    const now = clock.now();
    return database.db.transaction(async (tx) => {
      const events = await tx
        .select()
        .from(eventInbox)
        .where(and(eq(eventInbox.status, "pending"), lte(eventInbox.nextAttemptAt, now)))
        .orderBy(eventInbox.nextAttemptAt)
        .limit(this.batchSize)
        .for("update", { skipLocked: true });
      for (const row of events) {
        const event: StoredEvent = {
          id: row.id,
          clinicId: row.clinicId,
          name: row.eventName,
          payload: row.payload as StoredEvent["payload"],
          attempts: row.attempts + 1,
        };
        try {
          await tx.transaction(async (sp) => {
            for (const handler of bus.handlersFor(event.name)) await handler(event, sp);
            await sp
              .update(eventInbox)
              .set({
                status: "done",
                attempts: event.attempts,
                processedAt: now,
                lastError: null,
                updatedAt: now,
              })
              .where(eq(eventInbox.id, row.id));
          });
        } catch (err) {
          const message = (err as Error).message ?? String(err);
          const give = event.attempts >= this.maxAttempts;
          logger.error(
            { err, eventId: event.id, event: event.name },
            give ? "event failed for good" : "event failed; will retry",
          );
          const delay = this.retryBaseSeconds * 2 ** (event.attempts - 1) * 1000;
          await tx
            .update(eventInbox)
            .set({
              status: give ? "failed" : "pending",
              attempts: event.attempts,
              lastError: message.slice(0, 2000),
              nextAttemptAt: new Date(now.getTime() + delay),
              updatedAt: now,
            })
            .where(eq(eventInbox.id, row.id));
        }
      }
      return events.length;
    });
  }
}
