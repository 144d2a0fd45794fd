import { randomUUID } from "node:crypto";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Clock } from "../clock.js";
import { type Database, type DbOrTx, rowsOf } from "../db/client.js";
import { notifyOnCommit } from "../db/notify.js";
import { eventInbox } from "../db/schema.js";
import { ValidationError } from "../errors.js";
import { keepFloats, plainNumbers, stringifyJson } from "../json-floats.js";

export const EVENTS_CHANNEL = "dentalpin_events";

/**
 * What every event carries, whichever module's schema validated it (the directory's, in
 * modules/directory/event-schemas.ts): its clinic and the patient it is about. Extra fields
 * reach the templates.
 */
export type EventPayload = {
  clinic_id: string;
  patient_id: string;
  patient_email: string | null;
  patient_name: string;
  preferred_locale?: string;
} & Record<string, unknown>;

/** The events a bus knows from the start, and the schema of those registered without one. */
export interface EventSchemas {
  schemas: Readonly<Record<string, z.ZodType<EventPayload>>>;
  fallback: z.ZodType<EventPayload>;
}

export interface StoredEvent {
  id: string;
  clinicId: string;
  name: string;
  payload: EventPayload;
  attempts: number;
}

/**
 * What a dispatcher batch hands each of its handlers: the batch's transaction, and whatever the
 * bus's `openBatch` adds (e.g. reads shared by the whole batch, writes queued until `flush`).
 */
export interface EventBatch {
  readonly tx: DbOrTx;
  /** Runs after the batch's handlers, in its transaction, before its events are marked done. */
  flush(): Promise<void>;
}

/** Builds a batch's context, in its transaction, once its events are claimed. */
export type OpenBatch<B extends EventBatch> = (events: readonly StoredEvent[], tx: DbOrTx) => Promise<B>;

export type EventHandler<B extends EventBatch = EventBatch> = (event: StoredEvent, batch: B) => Promise<void>;

/**
 * A write that travels in the event's own INSERT (e.g. creating the patient an event names), so
 * a publish is one statement: atomic without a transaction of its own, one round trip.
 */
export interface PublishWrite {
  /**
   * A data-modifying statement run as a CTE of the event's insert. It may read the CTE
   * `stored` (the event row, when it was stored: not for a duplicate) to run only then.
   */
  write: SQL;
  /** Must hold for the event to be stored (read before the statement's own writes). */
  guard?: SQL;
  /** Thrown when the guard kept the event out: nothing was written. */
  refused?: () => Error;
}

/** What a publish of `name` writes beside the event, if anything. */
export type PublishHook = (name: string, payload: EventPayload) => PublishWrite | null;

export interface PublishOptions {
  /** Write the event in the caller's transaction: stored if and only if the caller commits. */
  tx?: DbOrTx;
  /** The same key again is a duplicate: stored once, handled once. */
  idempotencyKey?: string;
}

export interface PublishResult {
  eventId: string;
  duplicate: boolean;
}

/** Maps zod issues to field errors named from the request's point of view (`payload.start_time`). */
function fieldErrors(error: z.ZodError, prefix: string) {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.code === "invalid_type" && i.input === undefined ? "is required" : i.message,
  }));
}

/**
 * The seed's `event_bus.publish`, made durable: events go to the `event_inbox` table and a
 * dispatcher hands them to handlers at least once. Handlers are idempotent, so a replay
 * never becomes a second email.
 */
export class EventBus<B extends EventBatch = EventBatch> {
  private readonly schemas: Map<string, z.ZodType>;
  private readonly handlers = new Map<string, EventHandler<B>[]>();
  private readonly hooks: PublishHook[] = [];
  /** Facts this service states about itself (an email sent, a patient's answer). */
  private readonly ownFacts = new Set<string>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    /** What every handler of a batch receives (see EventBatch). */
    readonly openBatch: OpenBatch<B>,
    private readonly events: EventSchemas,
  ) {
    this.schemas = new Map<string, z.ZodType>(Object.entries(events.schemas));
  }

  /** A module's own event (seed pattern 3); its payload must at least name the patient. */
  registerEvent(name: string, schema: z.ZodType = this.events.fallback): void {
    if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/.test(name))
      throw new Error(`event name "${name}" must be module.action`);
    this.schemas.set(name, schema);
  }

  /**
   * Marks events only this service may publish (what it reports about itself): a platform
   * cannot publish them over HTTP, so no one can forge an email's outcome or a patient's answer.
   */
  reservePublishing(...names: string[]): void {
    for (const name of names) this.ownFacts.add(name);
  }

  /** Whether a platform may publish `name` from outside (POST /events). */
  publishableFromOutside(name: string): boolean {
    return !this.ownFacts.has(name);
  }

  on(name: string, handler: EventHandler<B>): void {
    if (!this.schemas.has(name)) this.registerEvent(name);
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  onPublish(hook: PublishHook): void {
    this.hooks.push(hook);
  }

  knows(name: string): boolean {
    return this.schemas.has(name);
  }

  eventNames(): string[] {
    return [...this.schemas.keys()];
  }

  handlersFor(name: string): EventHandler<B>[] {
    return this.handlers.get(name) ?? [];
  }

  /** Throws ValidationError naming each bad field (`payload.<field>`). */
  validate(name: string, payload: unknown): EventPayload {
    const schema = this.schemas.get(name);
    if (!schema) {
      throw ValidationError.field("event", `unknown event; known: ${this.eventNames().join(", ")}`);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error, "payload"));
    return parsed.data as EventPayload;
  }

  async publish(name: string, payload: unknown, options: PublishOptions = {}): Promise<PublishResult> {
    // The schemas see plain numbers; the floats of the payload (`1200.0`) are stored as given.
    const valid = keepFloats(this.validate(name, plainNumbers(payload)), payload);
    const db = options.tx ?? this.database.db;
    const key = options.idempotencyKey ?? randomUUID();
    const writes = this.hooks.flatMap((hook) => hook(name, valid) ?? []);
    const guards = writes.flatMap((w) => w.guard ?? []);
    const allowed = guards.length ? sql.join(guards, sql` AND `) : sql`true`;
    const [row] = await rowsOf<{ id: string | null; allowed: boolean }>(
      db,
      sql`
      WITH stored AS (
        INSERT INTO event_inbox (clinic_id, event_name, payload, idempotency_key, next_attempt_at)
        SELECT ${valid.clinic_id}::uuid, ${name}, ${stringifyJson(valid)}::jsonb, ${key},
          ${this.clock.now().toISOString()}::timestamptz
        WHERE ${allowed}
        ON CONFLICT DO NOTHING
        -- A stored event wakes the dispatchers when its transaction commits.
        RETURNING id, ${notifyOnCommit(EVENTS_CHANNEL)} AS woken
      )${sql.join(
        writes.map((w, i) => sql`, ${sql.identifier(`write_${i}`)} AS (${w.write})`),
        sql``,
      )}
      SELECT (SELECT id FROM stored) AS id, ${allowed} AS allowed`,
    );
    if (row?.id) return { eventId: row.id, duplicate: false };
    const [existing] = await db
      .select({ id: eventInbox.id })
      .from(eventInbox)
      .where(and(eq(eventInbox.clinicId, valid.clinic_id), eq(eventInbox.idempotencyKey, key)));
    if (existing) return { eventId: existing.id, duplicate: true };
    const refusal = writes.find((w) => w.refused)?.refused;
    throw refusal ? refusal() : new Error("the event was not stored");
  }
}
