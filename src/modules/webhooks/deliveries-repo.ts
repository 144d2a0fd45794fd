import { and, count, eq, getTableColumns, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "../../core/db/client.js";
import { jsonWithFloats } from "../../core/db/json.js";
import { type WebhookDeliveryStatus, webhookDeliveries, webhookEndpoints } from "../../core/db/schema.js";
import { stringifyJson } from "../../core/json-floats.js";
import { type EndpointScope, inScope } from "./endpoints-repo.js";

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type NewDelivery = typeof webhookDeliveries.$inferInsert;

/** The channel webhook workers LISTEN on. */
export const WEBHOOKS_CHANNEL = "dentalpin_webhooks";

/** Wakes the webhook workers; inside a transaction PostgreSQL delivers it at commit. */
export async function wakeWebhookWorkers(db: DbOrTx): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${WEBHOOKS_CHANNEL}, '')`);
}

/**
 * Stores deliveries. One whose (endpoint, event key) exists is left out (the same fact is
 * delivered once), and so is one whose endpoint was deleted or disabled since the caller
 * read it: a stale list of endpoints never fails the transaction that records the fact.
 */
export async function insertDeliveries(db: DbOrTx, rows: NewDelivery[]): Promise<number> {
  if (rows.length === 0) return 0;
  const json = rows.map((r) => ({
    endpoint_id: r.endpointId,
    clinic_id: r.clinicId,
    event_type: r.eventType,
    event_key: r.eventKey,
    message_id: r.messageId,
    payload: r.payload,
    next_attempt_at: (r.nextAttemptAt ?? new Date()).toISOString(),
  }));
  const insert = (tx: DbOrTx) =>
    rowsOf<{ id: string }>(
      tx,
      sql`
      INSERT INTO webhook_deliveries (endpoint_id, clinic_id, event_type, event_key, message_id, payload, next_attempt_at)
      SELECT r.endpoint_id, r.clinic_id, r.event_type, r.event_key, r.message_id, r.payload, r.next_attempt_at
      FROM jsonb_to_recordset(${stringifyJson(json)}::jsonb) AS r(
        endpoint_id uuid, clinic_id uuid, event_type text, event_key text, message_id text,
        payload jsonb, next_attempt_at timestamptz)
      JOIN webhook_endpoints e ON e.id = r.endpoint_id AND e.enabled
      ON CONFLICT DO NOTHING
      RETURNING id`,
    );
  let inserted: { id: string }[];
  try {
    // A savepoint: an endpoint deleted by another transaction this very moment (a foreign
    // key violation) costs its deliveries, never the fact's own transaction.
    inserted = await db.transaction((sp) => insert(sp));
  } catch (err) {
    if ((err as { code?: string }).code !== "23503") throw err;
    return 0;
  }
  if (inserted.length > 0) await wakeWebhookWorkers(db);
  return inserted.length;
}

/** Takes up to `limit` due deliveries for this worker under a lease (see the email worker's claimDue). */
export async function claimDueDeliveries(
  db: DbOrTx,
  input: { owner: string; now: Date; leaseSeconds: number; limit: number },
): Promise<DeliveryRow[]> {
  const { owner, now, leaseSeconds, limit } = input;
  const candidates = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now),
        or(isNull(webhookDeliveries.leaseExpiresAt), lt(webhookDeliveries.leaseExpiresAt, now)),
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(webhookDeliveries)
    .set({
      leaseOwner: owner,
      leaseExpiresAt: new Date(now.getTime() + leaseSeconds * 1000),
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      updatedAt: now,
    })
    .where(inArray(webhookDeliveries.id, candidates))
    .returning({ ...getTableColumns(webhookDeliveries), payload: jsonWithFloats(webhookDeliveries.payload) });
}

export interface DeliveryOutcome {
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** Records an attempt's outcome and releases the lease; false when the lease was lost meanwhile. */
export async function completeDelivery(
  db: DbOrTx,
  owner: string,
  id: string,
  outcome: DeliveryOutcome,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ ...outcome, leaseOwner: null, leaseExpiresAt: null, updatedAt: now })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        eq(webhookDeliveries.leaseOwner, owner),
        eq(webhookDeliveries.status, "pending"),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/**
 * What a scope may see: a clinic its own endpoints' deliveries (never those of the
 * installation's endpoints about it), the installation its endpoints' deliveries.
 */
function visibleTo(scope: EndpointScope): SQL {
  const endpoints = sql`(SELECT ${webhookEndpoints.id} FROM ${webhookEndpoints} WHERE ${inScope(scope)})`;
  const ofEndpoints = sql`${webhookDeliveries.endpointId} IN ${endpoints}`;
  return scope === null ? ofEndpoints : and(eq(webhookDeliveries.clinicId, scope), ofEndpoints)!;
}

export interface DeliveryFilters {
  endpointId?: string;
  status?: WebhookDeliveryStatus;
}

export async function listDeliveries(
  db: DbOrTx,
  scope: EndpointScope,
  filters: DeliveryFilters,
  page: number,
  pageSize: number,
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const where = [visibleTo(scope)];
  if (filters.endpointId) where.push(eq(webhookDeliveries.endpointId, filters.endpointId));
  if (filters.status) where.push(eq(webhookDeliveries.status, filters.status));
  const condition = and(...where);
  const [rows, totals] = await Promise.all([
    db
      .select({ ...getTableColumns(webhookDeliveries), payload: jsonWithFloats(webhookDeliveries.payload) })
      .from(webhookDeliveries)
      .where(condition)
      .orderBy(
        sql`${webhookDeliveries.createdAt} desc nulls last`,
        sql`${webhookDeliveries.id} desc nulls last`,
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(webhookDeliveries).where(condition),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}

/** A delivered or failed delivery due again now, with the same `webhook-id`; undefined when not found. */
export async function resendDelivery(
  db: DbOrTx,
  scope: EndpointScope,
  id: string,
  now: Date,
): Promise<{ row: DeliveryRow | undefined; found: boolean }> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ status: "pending", nextAttemptAt: now, leaseOwner: null, leaseExpiresAt: null, updatedAt: now })
    .where(
      and(
        visibleTo(scope),
        eq(webhookDeliveries.id, id),
        inArray(webhookDeliveries.status, ["delivered", "failed"]),
      ),
    )
    .returning();
  if (rows[0]) {
    await wakeWebhookWorkers(db);
    return { row: rows[0], found: true };
  }
  const existing = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(visibleTo(scope), eq(webhookDeliveries.id, id)));
  return { row: undefined, found: existing.length > 0 };
}
