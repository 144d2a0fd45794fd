import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { App } from "../../src/app.js";
import { createClinic } from "../../src/modules/directory/clinics-repo.js";
import { percentile, round, waitUntil } from "./stats.js";

/** What every end-to-end run is given, on either engine. */
export interface E2eSettings {
  n: number;
  clinics: number;
  /** Events published side by side, each in its own transaction (as API requests do). */
  publishConcurrency: number;
  /** Publishing stops after this long; what was published then gets `graceSeconds` more. */
  timeoutSeconds: number;
  graceSeconds: number;
}

export interface E2eMeasure {
  /** Events published (N, unless the time box cut publishing short). */
  events: number;
  sent: number;
  failed: number;
  seconds: number;
  per_second: number;
  publish_per_second: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  complete: boolean;
}

const TYPE = "appointment_confirmation";

/** Clinics without SMTP settings of their own: they send through the global relay (the sink). */
export async function createBenchClinics(app: App, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = await createClinic(app.database.db, {
      name: `Clínica Bench ${i + 1}`,
      timezone: "Europe/Madrid",
      defaultLocale: i % 4 === 3 ? "en" : "es",
      email: `recepcion${i + 1}@clinica.example`,
      phone: "+34 910 000 000",
      address: "Calle Mayor 1, Madrid",
    });
    ids.push(c.id);
  }
  return ids;
}

/** One appointment booked: its confirmation goes out now and its reminder is planned. */
export function scheduledEvent(clinicId: string, i: number, base: number) {
  return {
    clinic_id: clinicId,
    patient_id: randomUUID(),
    patient_email: `paciente${i}@example.com`,
    patient_name: `Paciente Número ${i}`,
    appointment_id: randomUUID(),
    start_time: new Date(base + 3 * 86400_000 + (i % 5000) * 60_000).toISOString(),
    professional_name: "Dra. Lucía Martín",
    duration_minutes: 30,
  };
}

/**
 * Publishes up to N `appointment.scheduled` events and waits until each confirmation is
 * logged `sent` or `failed`. Time-boxed: publishing stops at `timeoutSeconds`, and what was
 * published gets `graceSeconds` more to finish; a run cut short says so (`complete: false`).
 * Throughput runs from the first event's `created_at` to the last `sent_at`; latency per
 * email is `sent_at` minus its event's `created_at`.
 */
export async function publishAndMeasure(app: App, clinicIds: string[], s: E2eSettings): Promise<E2eMeasure> {
  const base = Date.now();
  const deadline = base + s.timeoutSeconds * 1000;
  let next = 0;
  const t0 = performance.now();
  const startedAt = new Date();
  const publisher = async () => {
    while (next < s.n && Date.now() < deadline) {
      const i = next++;
      await app.bus.publish(
        "appointment.scheduled",
        scheduledEvent(clinicIds[i % clinicIds.length]!, i, base),
      );
    }
  };
  await Promise.all(Array.from({ length: s.publishConcurrency }, publisher));
  const published = next;
  const publishSeconds = (performance.now() - t0) / 1000;

  const done = async () => {
    const [row] = await app.database.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM email_logs WHERE notification_type = ${TYPE} AND status IN ('sent', 'failed')`,
    );
    return (row?.n ?? 0) >= published;
  };
  const finished = await waitUntil(done, Math.max(0, deadline - Date.now()) + s.graceSeconds * 1000, 100);
  const complete = finished && published === s.n;

  const [totals] = await app.database.query<{
    sent: number;
    failed: number;
    first: number | null;
    last: number | null;
  }>(sql`
    SELECT count(*) FILTER (WHERE l.status = 'sent')::int AS sent,
           count(*) FILTER (WHERE l.status = 'failed')::int AS failed,
           (extract(epoch FROM min(e.created_at)) * 1000)::float8 AS first,
           (extract(epoch FROM max(l.sent_at)) * 1000)::float8 AS last
    FROM email_logs l JOIN event_inbox e ON e.id = l.event_id
    WHERE l.notification_type = ${TYPE}`);
  const latencies = (
    await app.database.query<{ ms: number }>(sql`
      SELECT (extract(epoch FROM l.sent_at - e.created_at) * 1000)::float8 AS ms
      FROM email_logs l JOIN event_inbox e ON e.id = l.event_id
      WHERE l.notification_type = ${TYPE} AND l.status = 'sent'`)
  )
    .map((r) => Number(r.ms))
    .sort((a, b) => a - b);
  const first = totals?.first != null ? Number(totals.first) : startedAt.getTime();
  const last = totals?.last != null ? Number(totals.last) : Date.now();
  const seconds = Math.max(0.001, (last - Math.min(first, startedAt.getTime())) / 1000);
  const sent = totals?.sent ?? 0;
  return {
    events: published,
    sent,
    failed: totals?.failed ?? 0,
    seconds: round(seconds, 2),
    per_second: round(sent / seconds, 1),
    publish_per_second: round(published / publishSeconds, 1),
    p50_ms: roundOrNull(percentile(latencies, 50)),
    p95_ms: roundOrNull(percentile(latencies, 95)),
    p99_ms: roundOrNull(percentile(latencies, 99)),
    complete,
  };
}

const roundOrNull = (x: number | null) => (x === null ? null : round(x));
