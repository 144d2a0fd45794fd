import { and, count, eq, isNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { webhookEndpoints } from "../../core/db/schema.js";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** A clinic's id, or null for the installation's own endpoints (which hear every clinic). */
export type EndpointScope = string | null;

export const inScope = (scope: EndpointScope): SQL =>
  scope === null ? isNull(webhookEndpoints.clinicId) : eq(webhookEndpoints.clinicId, scope);

export async function listEndpoints(db: DbOrTx, scope: EndpointScope): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(inScope(scope))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
}

export async function countEndpoints(db: DbOrTx, scope: EndpointScope): Promise<number> {
  const [row] = await db.select({ n: count() }).from(webhookEndpoints).where(inScope(scope));
  return Number(row?.n ?? 0);
}

export async function findEndpoint(
  db: DbOrTx,
  scope: EndpointScope,
  id: string,
): Promise<EndpointRow | undefined> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(inScope(scope), eq(webhookEndpoints.id, id)));
  return rows[0];
}

/** Any endpoint by id, whatever its scope: for the delivery worker only. */
export async function findEndpointById(db: DbOrTx, id: string): Promise<EndpointRow | undefined> {
  const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return rows[0];
}

export async function insertEndpoint(
  db: DbOrTx,
  row: typeof webhookEndpoints.$inferInsert,
): Promise<EndpointRow> {
  const [inserted] = await db.insert(webhookEndpoints).values(row).returning();
  return inserted!;
}

export async function updateEndpoint(
  db: DbOrTx,
  scope: EndpointScope,
  id: string,
  set: Partial<Pick<EndpointRow, "url" | "description" | "eventTypes" | "enabled" | "secretEncrypted">>,
  now: Date,
): Promise<EndpointRow | undefined> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ ...set, updatedAt: now })
    .where(and(inScope(scope), eq(webhookEndpoints.id, id)))
    .returning();
  return rows[0];
}

/** Turns an endpoint off whatever its scope (its receiver answered 410 Gone). */
export async function disableEndpoint(db: DbOrTx, id: string, now: Date): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ enabled: false, updatedAt: now })
    .where(eq(webhookEndpoints.id, id));
}

export async function deleteEndpoint(db: DbOrTx, scope: EndpointScope, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(inScope(scope), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Every endpoint's encrypted secret, whatever its scope: for `secrets re-encrypt`. */
export async function storedSecrets(db: DbOrTx): Promise<{ id: string; token: string }[]> {
  return db
    .select({ id: webhookEndpoints.id, token: webhookEndpoints.secretEncrypted })
    .from(webhookEndpoints);
}

export async function replaceStoredSecret(db: DbOrTx, id: string, token: string, now: Date): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ secretEncrypted: token, updatedAt: now })
    .where(eq(webhookEndpoints.id, id));
}

/** Every enabled endpoint's id, scope and subscriptions: what the fan-out matches facts against. */
export async function enabledSubscriptions(db: DbOrTx) {
  return db
    .select({
      id: webhookEndpoints.id,
      clinicId: webhookEndpoints.clinicId,
      eventTypes: webhookEndpoints.eventTypes,
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true));
}
