import { performance } from "node:perf_hooks";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import type { Db } from "../src/core/db/client.js";
import * as schema from "../src/core/db/schema.js";
import { createLogger } from "../src/core/logger.js";
import { claimDue, listLogs } from "../src/modules/notifications/outbox/email-logs-repo.js";
import { createBenchClinics } from "./lib/e2e-common.js";
import { withThrowawayDatabase } from "./lib/pg.js";
import { senderEnv } from "./lib/processes.js";
import { round } from "./lib/stats.js";

export interface ExplainedQuery {
  sql: string;
  /** PostgreSQL's own "Execution Time" from EXPLAIN ANALYZE. */
  execution_ms: number;
  planning_ms: number;
  /** Median of a few plain runs, measured from this process (includes the round trip). */
  wall_ms: number;
  plan: string[];
}

type Captured = { sql: string; params: unknown[] };

/** A drizzle handle that records every statement it sends, to EXPLAIN exactly what the code runs. */
function capturingDb(pool: pg.Pool) {
  const captured: Captured[] = [];
  const db = drizzle(pool, {
    schema,
    logger: { logQuery: (sql, params) => captured.push({ sql, params }) },
  }) as unknown as Db;
  return { db, captured };
}

/** EXPLAIN (ANALYZE, BUFFERS, TIMING OFF: per-node clocks would inflate the total on a VM) and timed runs, each inside a transaction that is rolled back. */
async function explain(pool: pg.Pool, q: Captured, runs = 5): Promise<ExplainedQuery> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${q.sql}`, q.params);
    await client.query("ROLLBACK");
    const plan = rows.map((r) => String(r["QUERY PLAN"]));
    const pick = (label: string) =>
      Number(plan.find((l) => l.startsWith(label))?.match(/([\d.]+) ms/)?.[1] ?? Number.NaN);
    const walls: number[] = [];
    for (let i = 0; i < runs; i++) {
      await client.query("BEGIN");
      const t0 = performance.now();
      await client.query(q.sql, q.params);
      walls.push(performance.now() - t0);
      await client.query("ROLLBACK");
    }
    walls.sort((a, b) => a - b);
    return {
      sql: q.sql,
      execution_ms: pick("Execution Time"),
      planning_ms: pick("Planning Time"),
      wall_ms: round(walls[Math.floor(walls.length / 2)]!, 2),
      plan,
    };
  } finally {
    client.release();
  }
}

const rssMb = () => round(process.memoryUsage().rss / 1024 ** 2);

/**
 * 1,000,000 planned reminders and 1,000,000 history rows across 100 clinics, then: the
 * worker's claim query and the log list's first page (EXPLAIN ANALYZE), and re-planning one
 * clinic's 10,000 reminders after an hours_before change.
 */
export async function benchScale(opts: {
  adminUrl: string;
  reminders: number;
  history: number;
  clinics: number;
  claimLimit: number;
}) {
  return withThrowawayDatabase(opts.adminUrl, "scale", async (url) => {
    const rssStart = rssMb();
    const app = await createApp(loadConfig(senderEnv(1, { DATABASE_URL: url })), {
      logger: createLogger("warn"),
    });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const clinics = await createBenchClinics(app, opts.clinics);
      const t0 = performance.now();
      // Loading is faster with the secondary indexes built once afterwards than kept up row by row.
      const indexes = (
        await pool.query(
          "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'email_logs' AND indexname <> 'email_logs_pkey'",
        )
      ).rows as { indexname: string; indexdef: string }[];
      for (const ix of indexes) await pool.query(`DROP INDEX ${ix.indexname}`);
      // Reminders: pending, due at start − 24 h over the next 60 days; one in a thousand due now.
      await pool.query(
        `INSERT INTO email_logs (clinic_id, recipient_email, patient_id, template_key, notification_type, status,
           dedupe_key, context, appointment_id, appointment_start_at, next_attempt_at, created_at, updated_at)
         SELECT c.id, 'paciente' || g || '@example.com', gen_random_uuid(), 'appointment_reminder', 'appointment_reminder',
           'pending', 'reminder:' || g, '{"patient_name":"Paciente"}'::jsonb, gen_random_uuid(), s.start,
           CASE WHEN g % 1000 = 0 THEN now() - interval '1 minute' ELSE s.start - interval '24 hours' END,
           now() - (g % 86400) * interval '1 minute', now()
         FROM generate_series(1, $1::int) AS g
         CROSS JOIN LATERAL (SELECT now() + interval '25 hours' + (g % 86400) * interval '1 minute' AS start) AS s
         JOIN LATERAL (SELECT ($2::uuid[])[1 + g % $3::int] AS id) AS c ON true`,
        [opts.reminders, clinics, clinics.length],
      );
      // History: what a year of sending leaves behind.
      await pool.query(
        `INSERT INTO email_logs (clinic_id, recipient_email, patient_id, template_key, notification_type, status,
           error_message, dedupe_key, sent_at, created_at, updated_at, attempts)
         SELECT c.id, 'paciente' || g || '@example.com', gen_random_uuid(), t.k, t.k,
           CASE WHEN g % 20 = 0 THEN 'failed' WHEN g % 10 = 1 THEN 'skipped' ELSE 'sent' END,
           CASE WHEN g % 20 = 0 THEN '550 5.1.1 No such user' WHEN g % 10 = 1 THEN 'patient_opted_out' END,
           'history:' || g, now() - (g % 525600) * interval '1 minute',
           now() - (g % 525600) * interval '1 minute', now(), 1
         FROM generate_series(1, $1::int) AS g
         JOIN LATERAL (SELECT ($2::uuid[])[1 + g % $3::int] AS id) AS c ON true
         JOIN LATERAL (SELECT (ARRAY['appointment_confirmation','appointment_reminder','appointment_cancelled',
           'budget_sent','budget_accepted','welcome'])[1 + g % 6] AS k) AS t ON true`,
        [opts.history, clinics, clinics.length],
      );
      // Two connections build the indexes side by side.
      const queue = [...indexes];
      await Promise.all(
        [0, 1].map(async () => {
          for (let ix = queue.shift(); ix; ix = queue.shift()) await pool.query(ix.indexdef);
        }),
      );
      await pool.query("VACUUM ANALYZE email_logs");
      const setupSeconds = round((performance.now() - t0) / 1000, 1);
      const [{ n: rows }] = (await pool.query("SELECT count(*)::int AS n FROM email_logs")).rows;

      // The worker's claim, exactly as claimDue builds it.
      const claim = capturingDb(pool);
      await claim.db
        .transaction(async (tx) => {
          await claimDue(tx, { owner: "bench", now: new Date(), leaseSeconds: 60, limit: opts.claimLimit });
          throw new Rollback();
        })
        .catch((err) => {
          if (!(err instanceof Rollback)) throw err;
        });
      const claimQuery = claim.captured.find((q) => /^update "email_logs"/i.test(q.sql))!;

      // The log list's first page (newest first) and its total, for one clinic, no filter and by status.
      const list = capturingDb(pool);
      await listLogs(list.db, clinics[1]!, {}, 1, 20);
      await listLogs(list.db, clinics[1]!, { status: "failed" }, 1, 20);
      const [page, total, pageByStatus, totalByStatus] = list.captured;
      const listWall: number[] = [];
      for (let i = 0; i < 5; i++) {
        const s = performance.now();
        await listLogs(app.database.db, clinics[2]!, {}, 1, 20);
        listWall.push(performance.now() - s);
      }

      const explained = {
        claim: { limit: opts.claimLimit, ...(await explain(pool, claimQuery)) },
        log_list_first_page: await explain(pool, page!),
        log_list_total: await explain(pool, total!),
        log_list_first_page_by_status: await explain(pool, pageByStatus!),
        log_list_total_by_status: await explain(pool, totalByStatus!),
      };

      // Where a replan's time goes: its statements, captured on another clinic and rolled back.
      const replanCapture = capturingDb(pool);
      await replanCapture.db
        .transaction(async (tx) => {
          await app.reminders.replan(clinics[4]!, 48, tx);
          throw new Rollback();
        })
        .catch((err) => {
          if (!(err instanceof Rollback)) throw err;
        });
      const replanStatements: ExplainedQuery[] = [];
      for (const q of replanCapture.captured.filter((c) => !/^(begin|commit|rollback)/i.test(c.sql))) {
        replanStatements.push(await explain(pool, q, 1));
      }

      // hours_before 24 → 48 for one clinic: every pending reminder of it gets a new due time.
      const rssBeforeReplan = rssMb();
      const r0 = performance.now();
      const replanned = await app.reminders.replan(clinics[3]!, 48);
      const replanSeconds = (performance.now() - r0) / 1000;

      return {
        clinics: opts.clinics,
        reminders: opts.reminders,
        history: opts.history,
        rows,
        setup_seconds: setupSeconds,
        ...explained,
        log_list_call_ms: round(listWall.sort((a, b) => a - b)[2]!, 2),
        replan: {
          reminders: replanned,
          seconds: round(replanSeconds, 3),
          statements: replanStatements.map((q) => ({ ...q, sql: q.sql.slice(0, 400) })),
        },
        memory_mb: { at_start: rssStart, before_replan: rssBeforeReplan, at_end: rssMb() },
      };
    } finally {
      await pool.end();
      await app.close();
    }
  });
}

class Rollback extends Error {}
