import { and, count, desc, eq, gt, gte, inArray, isNull, lte, ne, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { appointments, type PatientResponse, patients, professionals } from "../../core/db/schema.js";

export type Appointment = typeof appointments.$inferSelect;

export async function insertAppointment(db: DbOrTx, values: typeof appointments.$inferInsert) {
  const [row] = await db.insert(appointments).values(values).returning();
  return row!;
}

export async function findAppointment(
  db: DbOrTx,
  clinicId: string,
  id: string,
): Promise<Appointment | undefined> {
  const rows = await db
    .select()
    .from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)));
  return rows[0];
}

/** Several appointments by (clinic, id), keyed `clinicId:id`; unknown ones are absent. */
export async function findAppointmentsOf(
  db: DbOrTx,
  keys: { clinicId: string; id: string }[],
): Promise<Map<string, Appointment>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(appointments)
    .where(
      and(
        inArray(appointments.clinicId, [...new Set(keys.map((k) => k.clinicId))]),
        inArray(appointments.id, [...new Set(keys.map((k) => k.id))]),
      ),
    );
  return new Map(rows.map((r) => [`${r.clinicId}:${r.id}`, r]));
}

export async function updateAppointment(
  db: DbOrTx,
  clinicId: string,
  id: string,
  values: Partial<typeof appointments.$inferInsert>,
) {
  const rows = await db
    .update(appointments)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)))
    .returning();
  return rows[0];
}

/**
 * Records the patient's answer if it still applies: the appointment is the patient's, scheduled,
 * still at the start the link was made for and not begun, and the answer may replace the one
 * given (mayAnswer, in SQL). One conditional UPDATE, so two clicks at once record it once: the
 * second waits for the first's row lock and then no longer matches. Undefined when it did not.
 */
export async function recordPatientResponse(
  db: DbOrTx,
  clinicId: string,
  id: string,
  expected: { patientId: string; startTime: Date },
  response: PatientResponse,
  at: Date,
): Promise<Appointment | undefined> {
  const replaceable =
    response === "confirmed"
      ? isNull(appointments.patientResponse)
      : or(isNull(appointments.patientResponse), ne(appointments.patientResponse, response));
  const rows = await db
    .update(appointments)
    .set({ patientResponse: response, patientRespondedAt: at, updatedAt: at })
    .where(
      and(
        eq(appointments.clinicId, clinicId),
        eq(appointments.id, id),
        eq(appointments.patientId, expected.patientId),
        eq(appointments.status, "scheduled"),
        eq(appointments.startTime, expected.startTime),
        gt(appointments.startTime, at),
        replaceable,
      ),
    )
    .returning();
  return rows[0];
}

export async function listAppointments(
  db: DbOrTx,
  clinicId: string,
  filters: { patientId?: string; from?: Date; to?: Date },
  page: number,
  pageSize: number,
) {
  const where: SQL[] = [eq(appointments.clinicId, clinicId)];
  if (filters.patientId) where.push(eq(appointments.patientId, filters.patientId));
  if (filters.from) where.push(gte(appointments.startTime, filters.from));
  if (filters.to) where.push(lte(appointments.startTime, filters.to));
  const condition = and(...where);
  const [rows, totals] = await Promise.all([
    db
      .select({
        appointment: appointments,
        patientFirst: patients.firstName,
        patientLast: patients.lastName,
        proFirst: professionals.firstName,
        proLast: professionals.lastName,
      })
      .from(appointments)
      .innerJoin(patients, eq(patients.id, appointments.patientId))
      .leftJoin(professionals, eq(professionals.id, appointments.professionalId))
      .where(condition)
      .orderBy(desc(appointments.startTime), desc(appointments.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(appointments).where(condition),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}
