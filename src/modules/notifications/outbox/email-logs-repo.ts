import {
  and,
  count,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { type DbOrTx, rowsOf } from "../../../core/db/client.js";
import { jsonWithFloats } from "../../../core/db/json.js";
import { type EmailStatus, emailLogs } from "../../../core/db/schema.js";
import { stringifyJson } from "../../../core/json-floats.js";
import { wakeWorkers } from "./wake.js";

export type EmailLogRow = typeof emailLogs.$inferSelect;
export type NewEmailLog = typeof emailLogs.$inferInsert;

/** Not in a live worker's hands: never leased, or its lease ran out. */
export const notLeased = (now: Date) =>
  or(isNull(emailLogs.leaseExpiresAt), lt(emailLogs.leaseExpiresAt, now));

/** Due and not leased: what a worker may claim now. */
export const dueAndNotLeased = (now: Date) =>
  and(eq(emailLogs.status, "pending"), lte(emailLogs.nextAttemptAt, now), notLeased(now));

/** Inserts a log row unless its (clinic, type, dedupe key) exists; returns the row and whether it is new. */
export async function insertLogOnce(
  db: DbOrTx,
  row: NewEmailLog,
): Promise<{ log: EmailLogRow; created: boolean }> {
  const inserted = await db.insert(emailLogs).values(row).onConflictDoNothing().returning();
  if (inserted[0]) return { log: inserted[0], created: true };
  const existing = await db
    .select()
    .from(emailLogs)
    .where(
      and(
        eq(emailLogs.clinicId, row.clinicId),
        eq(emailLogs.notificationType, row.notificationType),
        eq(emailLogs.dedupeKey, row.dedupeKey ?? ""),
      ),
    );
  if (!existing[0]) throw new Error("email log insert conflicted but no row matched its dedupe key");
  return { log: existing[0], created: false };
}

const LOG_COLUMNS = getTableColumns(emailLogs);

/** What the database gives a column the row leaves out (its DEFAULT), for insertLogs. */
const LOG_DEFAULTS: Record<string, string> = {
  id: "gen_random_uuid()",
  subject: "''",
  context: "'{}'::jsonb",
  is_manual: "false",
  force_send: "false",
  attempts: "0",
  created_at: "now()",
  updated_at: "now()",
};
for (const column of Object.values(LOG_COLUMNS)) {
  if (column.hasDefault && !(column.name in LOG_DEFAULTS))
    throw new Error(`insertLogs does not know the default of email_logs.${column.name}`);
}

/** The INSERT … SELECT of insertLogs, built once: every column, its default where the row has none. */
const INSERT_LOGS_HEAD = sql.raw(
  `INSERT INTO email_logs (${Object.values(LOG_COLUMNS)
    .map((c) => `"${c.name}"`)
    .join(", ")}) SELECT ${Object.values(LOG_COLUMNS)
    .map((c) =>
      c.name in LOG_DEFAULTS ? `COALESCE(r."${c.name}", ${LOG_DEFAULTS[c.name]})` : `r."${c.name}"`,
    )
    .join(", ")}`,
);

/**
 * Inserts rows together; a row whose (clinic, type, dedupe key) exists is left out, as
 * insertLogOnce leaves it. The rows travel as one JSON parameter (a dispatcher batch writes a
 * hundred rows of 34 columns: one parameter instead of thousands, for the driver to encode and
 * the server to bind and plan), written with their floats kept (`1200.0` stays a float).
 */
export async function insertLogs(db: DbOrTx, rows: NewEmailLog[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      const column = LOG_COLUMNS[key as keyof typeof LOG_COLUMNS];
      if (!column) throw new Error(`insertLogs: email_logs has no column for ${key}`);
      if (value !== undefined) record[column.name] = value;
    }
    return record;
  });
  await db.execute(
    sql`${INSERT_LOGS_HEAD} FROM json_populate_recordset(NULL::email_logs, ${stringifyJson(records)}::json) AS r ON CONFLICT DO NOTHING`,
  );
}

export interface LogFilters {
  status?: EmailStatus;
  patientId?: string;
  templateKey?: string;
  from?: Date;
  to?: Date;
  /** The emails one event wrote (a staff action's notifications). */
  eventId?: string;
}

export async function listLogs(
  db: DbOrTx,
  clinicId: string,
  filters: LogFilters,
  page: number,
  pageSize: number,
): Promise<{ rows: EmailLogRow[]; total: number }> {
  const where: SQL[] = [eq(emailLogs.clinicId, clinicId)];
  if (filters.status) where.push(eq(emailLogs.status, filters.status));
  if (filters.patientId) where.push(eq(emailLogs.patientId, filters.patientId));
  if (filters.templateKey) where.push(eq(emailLogs.templateKey, filters.templateKey));
  if (filters.from) where.push(gte(emailLogs.createdAt, filters.from));
  if (filters.to) where.push(lte(emailLogs.createdAt, filters.to));
  if (filters.eventId) where.push(eq(emailLogs.eventId, filters.eventId));
  const condition = and(...where);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(emailLogs)
      .where(condition)
      // NULLS LAST as in the (clinic_id, …, created_at DESC NULLS LAST, id DESC NULLS LAST)
      // indexes: a plain DESC (NULLS FIRST) cannot use them and sorts the clinic's whole log.
      .orderBy(sql`${emailLogs.createdAt} desc nulls last`, sql`${emailLogs.id} desc nulls last`)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(emailLogs).where(condition),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}

export async function getLog(db: DbOrTx, clinicId: string, id: string): Promise<EmailLogRow | undefined> {
  const rows = await db
    .select()
    .from(emailLogs)
    .where(and(eq(emailLogs.clinicId, clinicId), eq(emailLogs.id, id)));
  return rows[0];
}

/**
 * Takes up to `limit` due rows for this worker: pending, due, and not leased by a live
 * worker. SKIP LOCKED lets any number of workers claim side by side without waiting on
 * or duplicating each other; the lease hands a silent worker's rows to the others.
 */
export async function claimDue(
  db: DbOrTx,
  input: { owner: string; now: Date; leaseSeconds: number; limit: number; ids?: string[] },
): Promise<EmailLogRow[]> {
  const { owner, now, leaseSeconds, limit } = input;
  const candidates = db
    .select({ id: emailLogs.id })
    .from(emailLogs)
    .where(and(dueAndNotLeased(now), input.ids ? inArray(emailLogs.id, input.ids) : undefined))
    .orderBy(emailLogs.nextAttemptAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  return (
    db
      .update(emailLogs)
      .set({
        leaseOwner: owner,
        leaseExpiresAt: new Date(now.getTime() + leaseSeconds * 1000),
        attempts: sql`${emailLogs.attempts} + 1`,
        updatedAt: now,
      })
      .where(inArray(emailLogs.id, candidates))
      // The context as the delivery renders it: a float such as 1200.0 stays a float.
      .returning({ ...getTableColumns(emailLogs), context: jsonWithFloats(emailLogs.context) })
  );
}

/** How many emails are due and not in a worker's hands, counting up to `atMost` only. */
export async function countDueUnclaimed(db: DbOrTx, now: Date, atMost: number): Promise<number> {
  const due = db.select({ one: sql`1` }).from(emailLogs).where(dueAndNotLeased(now)).limit(atMost).as("due");
  const [row] = await db.select({ n: count() }).from(due);
  return Number(row?.n ?? 0);
}

/** What a delivery may record about a claimed row, by column (the outcome's camelCase keys). */
const OUTCOME_COLUMNS = {
  status: "text",
  errorMessage: "text",
  nextAttemptAt: "timestamptz",
  subject: "text",
  bodyHtml: "text",
  bodyText: "text",
  locale: "text",
  templateSource: "text",
  provider: "text",
  providerMessageId: "text",
  sentAt: "timestamptz",
} as const;

export type ClaimOutcome = Pick<Partial<NewEmailLog>, keyof typeof OUTCOME_COLUMNS> & {
  status: EmailStatus;
  /**
   * The receiving server refused the recipient's address for good (its reply): the address goes
   * on the clinic's suppression list with the outcome, in the same statement.
   */
  bounceReply?: string;
};

/**
 * Records the outcomes of claimed rows in one statement, releasing their leases: each row gets
 * exactly the fields its outcome names (a field left out keeps its value). The outcomes travel
 * as one JSON parameter. Returns the ids whose lease this owner still held.
 */
export async function completeClaims(
  db: DbOrTx,
  owner: string,
  now: Date,
  outcomes: { id: string; outcome: ClaimOutcome }[],
): Promise<Set<string>> {
  const columns = getTableColumns(emailLogs);
  const json = outcomes.map(({ id, outcome }) => {
    const row: Record<string, unknown> = { id };
    for (const [key, value] of Object.entries(outcome)) {
      if (!(key in OUTCOME_COLUMNS) && key !== "bounceReply")
        throw new Error(`completeClaims cannot set ${key}`);
      row[key] = value instanceof Date ? value.toISOString() : value;
    }
    return row;
  });
  const assignments = Object.entries(OUTCOME_COLUMNS).map(([key, type]) => {
    const column = sql.identifier(columns[key as keyof typeof columns].name);
    return sql`${column} = CASE WHEN o.j ? ${key} THEN (o.j->>${key})::${sql.raw(type)} ELSE l.${column} END`;
  });
  const at = sql`${now.toISOString()}::timestamptz`;
  // A bounce is listed only if its outcome was recorded (the lease still held), and an address
  // that bounced twice in one group once (ON CONFLICT may touch a row only once per statement).
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`
    WITH done AS (
      UPDATE email_logs AS l SET
        ${sql.join(assignments, sql`, `)},
        lease_owner = NULL, lease_expires_at = NULL, updated_at = ${at}
      FROM jsonb_array_elements(${JSON.stringify(json)}::jsonb) AS o(j)
      WHERE l.id = (o.j->>'id')::uuid AND l.lease_owner = ${owner} AND l.status = 'pending'
      RETURNING l.id, l.clinic_id, l.recipient_email, l.patient_id, o.j->>'bounceReply' AS bounce_reply
    ), bounced AS (
      INSERT INTO email_suppressions (clinic_id, email, reason, smtp_reply, patient_id, email_log_id, created_at, updated_at)
      SELECT DISTINCT ON (clinic_id, lower(btrim(recipient_email)))
        clinic_id, lower(btrim(recipient_email)), 'bounce', bounce_reply, patient_id, id, ${at}, ${at}
      FROM done WHERE bounce_reply IS NOT NULL
      ON CONFLICT (clinic_id, email) DO UPDATE SET
        reason = 'bounce', smtp_reply = EXCLUDED.smtp_reply, email_log_id = EXCLUDED.email_log_id,
        patient_id = COALESCE(EXCLUDED.patient_id, email_suppressions.patient_id), updated_at = ${at}
    )
    SELECT id FROM done`,
  );
  return new Set(rows.map((r) => r.id));
}

/** A failed email back to pending, due now; its attempts are kept for the record. */
export async function retryFailed(db: DbOrTx, clinicId: string, id: string, now: Date) {
  const rows = await db
    .update(emailLogs)
    .set({ status: "pending", nextAttemptAt: now, errorMessage: null, updatedAt: now })
    .where(and(eq(emailLogs.clinicId, clinicId), eq(emailLogs.id, id), eq(emailLogs.status, "failed")))
    .returning();
  return rows[0];
}

/** The highest calendar SEQUENCE already given to an appointment's invitations, or null. */
export async function lastSequence(
  db: DbOrTx,
  clinicId: string,
  appointmentId: string,
): Promise<number | null> {
  const found = await lastSequencesOf(db, [{ clinicId, appointmentId }]);
  return found.get(`${clinicId}:${appointmentId}`) ?? null;
}

/** lastSequence for several appointments, keyed `clinicId:appointmentId`; those never sent are absent. */
export async function lastSequencesOf(
  db: DbOrTx,
  keys: { clinicId: string; appointmentId: string }[],
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({
      clinicId: emailLogs.clinicId,
      appointmentId: emailLogs.appointmentId,
      n: sql<number | null>`max((${emailLogs.context}->>'sequence')::int)`,
    })
    .from(emailLogs)
    .where(
      and(
        inArray(emailLogs.clinicId, [...new Set(keys.map((k) => k.clinicId))]),
        inArray(emailLogs.appointmentId, [...new Set(keys.map((k) => k.appointmentId))]),
      ),
    )
    .groupBy(emailLogs.clinicId, emailLogs.appointmentId);
  return new Map(
    rows
      .filter((r) => r.n !== null && r.n !== undefined)
      .map((r) => [`${r.clinicId}:${r.appointmentId}`, Number(r.n)]),
  );
}

/**
 * Gives a new time and schedule note to the clinic's automatic emails of `types` that wait for
 * their first attempt (not asked for by a person, not forced, not in a worker's hands): e.g.
 * welcome emails held for the sending window, when the window changes. Returns how many.
 */
export async function rescheduleWaiting(
  db: DbOrTx,
  clinicId: string,
  types: readonly string[],
  change: { at: Date; note: string | null },
  now: Date,
): Promise<number> {
  if (types.length === 0) return 0;
  const rows = await db
    .update(emailLogs)
    .set({ nextAttemptAt: change.at, scheduleNote: change.note, updatedAt: now })
    .where(
      and(
        eq(emailLogs.clinicId, clinicId),
        eq(emailLogs.status, "pending"),
        inArray(emailLogs.notificationType, [...types]),
        eq(emailLogs.isManual, false),
        eq(emailLogs.forceSend, false),
        eq(emailLogs.attempts, 0),
        notLeased(now),
      ),
    )
    .returning({ id: emailLogs.id });
  // Idle workers sleep until the earliest due time they read: tell them it moved.
  if (rows.length) await wakeWorkers(db);
  return rows.length;
}
