import { and, eq, getTableColumns, inArray, lte, sql } from "drizzle-orm";
import type { Clock } from "../clock.js";
import type { Database, DbOrTx } from "../db/client.js";
import { jsonWithFloats } from "../db/json.js";
import { msUntilNextDue } from "../db/next-due.js";
import { eventInbox } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { BackgroundLoop, PollingLoop } from "../polling-loop.js";
import { outcomeAfterAttempt, type RetryPolicy } from "../retry.js";
import { EVENTS_CHANNEL, type EventBatch, type EventBus, type StoredEvent } from "./event-bus.js";

export interface DispatcherOptions {
  /** Transactions working side by side (PGlite has one connection: use 1). */
  lanes?: number;
  batchSize?: number;
  pollMs?: number;
  /** How long to let events gather after a batch that was not full (see PollingLoop). */
  gatherMs?: number;
  maxAttempts?: number;
  retryBaseSeconds?: number;
  /**
   * Asked before each tick: true while what the handlers produce is piling up downstream (the
   * outbox has a backlog). The dispatcher then waits `holdBackMs` and leaves the events
   * stored, so a burst of events does not starve the sending of what is already due (on
   * PGlite the two share one connection and one thread).
   */
  holdBack?: () => Promise<boolean>;
  holdBackMs?: number;
}

/**
 * Hands stored events to their handlers. A batch is claimed with FOR UPDATE SKIP LOCKED and
 * handled in one transaction, so handlers' writes and the `done` marks commit together or not
 * at all; a crash before commit leaves the events pending. When one event's handlers fail, the
 * batch is handled again one event at a time (see dispatchOneByOne).
 */
export class EventDispatcher<B extends EventBatch> extends BackgroundLoop {
  protected readonly loop: PollingLoop;
  private readonly batchSize: number;
  private readonly lanes: number;
  private readonly retry: RetryPolicy;
  private backlog = false;

  constructor(
    private readonly deps: { database: Database; bus: EventBus<B>; clock: Clock; logger: Logger },
    private readonly options: DispatcherOptions = {},
  ) {
    super();
    this.lanes = options.lanes ?? (deps.database.kind === "postgres" ? 2 : 1);
    // PGlite has one connection: a long batch transaction would hold back the worker's sends.
    this.batchSize = options.batchSize ?? (deps.database.kind === "postgres" ? 50 : 10);
    this.retry = { maxAttempts: options.maxAttempts ?? 10, baseSeconds: options.retryBaseSeconds ?? 5 };
    this.loop = new PollingLoop("events", () => this.dispatchLanes(), {
      pollMs: options.pollMs ?? 1000,
      nextDue: () =>
        msUntilNextDue(
          deps.database.db,
          eventInbox,
          { status: eventInbox.status, nextAttemptAt: eventInbox.nextAttemptAt },
          deps.clock.now(),
        ),
      gather: { batchSize: this.batchSize, ms: options.gatherMs ?? 25 },
      wakeOn: { database: deps.database, channel: EVENTS_CHANNEL },
      logger: deps.logger,
    });
  }

  /**
   * One batch per tick while events trickle in; all lanes side by side (each its own
   * transaction, SKIP LOCKED keeps them apart) once a batch came back full, i.e. a backlog.
   */
  private async dispatchLanes(): Promise<number> {
    if (await this.options.holdBack?.()) {
      await new Promise((resolve) => setTimeout(resolve, this.options.holdBackMs ?? 100).unref?.());
      return 0;
    }
    const lanes = this.backlog ? this.lanes : 1;
    const counts = await Promise.all(Array.from({ length: lanes }, () => this.dispatchBatch()));
    this.backlog = counts.some((n) => n >= this.batchSize);
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Handles one batch of due events; returns how many it took. Public for tests and benchmarks. */
  async dispatchBatch(): Promise<number> {
    try {
      return await this.dispatchTogether();
    } catch (err) {
      if (!(err instanceof BatchAborted)) throw err;
      // Nothing of the batch was kept: each of its events again, in a savepoint of its own,
      // so one failing event is retried later without holding back the others.
      return this.dispatchOneByOne(err.eventIds);
    }
  }

  private claim(tx: DbOrTx, now: Date, ids?: string[]) {
    const due = [eq(eventInbox.status, "pending"), lte(eventInbox.nextAttemptAt, now)];
    if (ids) due.push(inArray(eventInbox.id, ids));
    return tx
      .select({ ...getTableColumns(eventInbox), payload: jsonWithFloats(eventInbox.payload) })
      .from(eventInbox)
      .where(and(...due))
      .orderBy(eventInbox.nextAttemptAt)
      .limit(this.batchSize)
      .for("update", { skipLocked: true });
  }

  /**
   * The common case, in one transaction without savepoints: what the handlers need is read
   * once for the batch, each event costs only its own writes, and one UPDATE marks them done.
   */
  private async dispatchTogether(): Promise<number> {
    const { database, clock } = this.deps;
    const now = clock.now();
    return database.db.transaction(async (tx) => {
      const rows = await this.claim(tx, now);
      if (rows.length === 0) return 0;
      const events = rows.map(toStoredEvent);
      try {
        await this.handle(events, tx);
      } catch (err) {
        throw new BatchAborted(
          rows.map((r) => r.id),
          err,
        );
      }
      await tx
        .update(eventInbox)
        .set({
          status: "done",
          attempts: sql`${eventInbox.attempts} + 1`,
          processedAt: now,
          lastError: null,
          updatedAt: now,
        })
        .where(
          inArray(
            eventInbox.id,
            rows.map((r) => r.id),
          ),
        );
      return rows.length;
    });
  }

  /** Hands the events to their handlers with one batch context, flushed once they are done. */
  private async handle(events: readonly StoredEvent[], tx: DbOrTx): Promise<void> {
    const { bus } = this.deps;
    const batch = await bus.openBatch(events, tx);
    for (const event of events) {
      for (const handler of bus.handlersFor(event.name)) await handler(event, batch);
    }
    await batch.flush();
  }

  /** Each event in its own savepoint: its handlers' writes and its `done` mark commit together or not at all. */
  private async dispatchOneByOne(ids: string[]): Promise<number> {
    const { database, clock, logger } = this.deps;
    const now = clock.now();
    return database.db.transaction(async (tx) => {
      const rows = await this.claim(tx, now, ids);
      for (const row of rows) {
        const event = toStoredEvent(row);
        try {
          await tx.transaction(async (sp) => {
            await this.handle([event], sp);
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
          const next = outcomeAfterAttempt("transient", event.attempts, now, this.retry);
          logger.error(
            { err, eventId: event.id, event: event.name },
            next.status === "retry" ? "event failed; will retry" : "event failed for good",
          );
          await tx
            .update(eventInbox)
            .set({
              status: next.status === "retry" ? "pending" : "failed",
              attempts: event.attempts,
              lastError: message.slice(0, 2000),
              nextAttemptAt: next.nextAttemptAt ?? now,
              updatedAt: now,
            })
            .where(eq(eventInbox.id, row.id));
        }
      }
      return rows.length;
    });
  }
}

/** A handler failed in a batch handled together; the transaction rolled back. */
class BatchAborted extends Error {
  constructor(
    readonly eventIds: string[],
    cause: unknown,
  ) {
    super("batch aborted by a failing event", { cause });
  }
}

function toStoredEvent(row: typeof eventInbox.$inferSelect): StoredEvent {
  return {
    id: row.id,
    clinicId: row.clinicId,
    name: row.eventName,
    payload: row.payload as StoredEvent["payload"],
    attempts: row.attempts + 1,
  };
}
