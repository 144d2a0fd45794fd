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
  /**
   * Events sent through first, to clinics of their own, and waited for: the processes start,
   * compile and connect before the clock runs, so a short run measures steady rates too.
   */
  warmUp: number;
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
export async function createBenchClinics(app: App, count: number, name = "Bench"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = await createClinic(app.database.db, {
      name: `Clínica ${name} ${i + 1}`,
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

  const done = async () => (await finishedOf(app, clinicIds)) >= published;
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
    WHERE l.notification_type = ${TYPE} AND ${ofClinics(clinicIds, "l")}`);
  const latencies = (
    await app.database.query<{ ms: number }>(sql`
      SELECT (extract(epoch FROM l.sent_at - e.created_at) * 1000)::float8 AS ms
      FROM email_logs l JOIN event_inbox e ON e.id = l.event_id
      WHERE l.notification_type = ${TYPE} AND l.status = 'sent' AND ${ofClinics(clinicIds, "l")}`)
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

const ofClinics = (ids: string[], alias?: string) =>
  sql`${sql.raw(alias ? `${alias}.` : "")}clinic_id IN (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;

/** Confirmations of these clinics logged `sent` or `failed`. */
async function finishedOf(app: App, clinicIds: string[]): Promise<number> {
  const [row] = await app.database.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM email_logs
        WHERE notification_type = ${TYPE} AND status IN ('sent', 'failed') AND ${ofClinics(clinicIds)}`,
  );
  return row?.n ?? 0;
}

/**
 * Sends `count` events through the whole pipeline, to clinics of their own, and waits for
 * them; called before a line's clock and CPU account start.
 */
export async function warmUp(app: App, count: number): Promise<void> {
  if (count <= 0) return;
  const clinics = await createBenchClinics(app, 2, "Calentamiento");
  const base = Date.now();
  let next = 0;
  const publisher = async () => {
    while (next < count) {
      const i = next++;
      await app.bus.publish("appointment.scheduled", scheduledEvent(clinics[i % 2]!, i, base));
    }
  };
  await Promise.all(Array.from({ length: 8 }, publisher));
  // On a machine too busy to finish it in a minute, the line runs anyway (slower at its start).
  await waitUntil(async () => (await finishedOf(app, clinics)) >= count, 60_000, 100);
}

export interface SteadySettings {
  clinics: number;
  /** Events a second, each published in its own transaction at its own moment. */
  rate: number;
  seconds: number;
  /** How long the last events may take before the line gives up on them. */
  graceSeconds: number;
  warmUp: number;
}

export interface SteadyMeasure {
  events: number;
  sent: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  /** Emails sent more than a second after their event. */
  later_than_1s: number;
  /**
   * Where the time goes, p50 / p95 of each stage: `dispatch` from the event's commit… to the
   * dispatcher's transaction that wrote its email (NOTIFY, gathering window, handlers);
   * `send` from there to SMTP accepted (commit, NOTIFY, the worker's gathering window, claim,
   * render, SMTP).
   */
  stages: {
    dispatch: { p50_ms: number | null; p95_ms: number | null };
    send: { p50_ms: number | null; p95_ms: number | null };
  };
  complete: boolean;
}

/**
 * A clinic chain's real load: `rate` events a second for `seconds`, each published in its own
 * transaction at its own moment (as API requests arrive), not a burst. Latency per email is
 * `sent_at` (SMTP accepted) minus its event's `created_at`.
 */
export async function publishSteady(
  app: App,
  clinicIds: string[],
  s: SteadySettings,
): Promise<SteadyMeasure> {
  const total = Math.round(s.rate * s.seconds);
  const base = Date.now();
  const t0 = performance.now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    // Each event at its own moment, whatever the ones before took.
    const wait = t0 + (i * 1000) / s.rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      app.bus.publish("appointment.scheduled", scheduledEvent(clinicIds[i % clinicIds.length]!, i, base)),
    );
  }
  await Promise.all(inFlight);
  const complete = await waitUntil(
    async () => (await finishedOf(app, clinicIds)) >= total,
    s.graceSeconds * 1000,
    100,
  );
  const rows = await app.database.query<{ total: number; dispatch: number; send: number }>(sql`
    SELECT (extract(epoch FROM l.sent_at - e.created_at) * 1000)::float8 AS total,
           (extract(epoch FROM l.created_at - e.created_at) * 1000)::float8 AS dispatch,
           (extract(epoch FROM l.sent_at - l.created_at) * 1000)::float8 AS send
    FROM email_logs l JOIN event_inbox e ON e.id = l.event_id
    WHERE l.notification_type = ${TYPE} AND l.status = 'sent' AND ${ofClinics(clinicIds, "l")}`);
  const sorted = (k: "total" | "dispatch" | "send") => rows.map((r) => Number(r[k])).sort((a, b) => a - b);
  const all = sorted("total");
  const stage = (k: "dispatch" | "send") => {
    const xs = sorted(k);
    return { p50_ms: roundOrNull(percentile(xs, 50)), p95_ms: roundOrNull(percentile(xs, 95)) };
  };
  return {
    events: total,
    sent: rows.length,
    p50_ms: roundOrNull(percentile(all, 50)),
    p95_ms: roundOrNull(percentile(all, 95)),
    p99_ms: roundOrNull(percentile(all, 99)),
    max_ms: roundOrNull(all.at(-1) ?? null),
    later_than_1s: all.filter((ms) => ms > 1000).length,
    stages: { dispatch: stage("dispatch"), send: stage("send") },
    complete: complete && rows.length === total,
  };
}
