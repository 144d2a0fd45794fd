import pg from "pg";
import { performance } from "node:perf_hooks";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";
import { createClinic } from "../src/modules/directory/clinics-repo.js";
import { startSinkProcess } from "../test/support/sink-process.js";
import { queueEmails } from "../test/integration/faults/support.js";

const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
const name = `dp_tmp_${process.pid}`;
await admin.query(`CREATE DATABASE ${name}`);
const sink = await startSinkProcess();
try {
  const config = loadConfig({ DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`, SECRET_KEY: "0123456789abcdef0123", LOG_LEVEL: "warn",
    EMAIL_PROVIDER: "smtp", EMAIL_SMTP_HOST: "127.0.0.1", EMAIL_SMTP_PORT: String(sink.port), EMAIL_SMTP_TLS: "false", EMAIL_FROM_ADDRESS: "a@b.example", WORKER_CONCURRENCY: process.env.C ?? "4" });
  const app = await createApp(config, { logger: createLogger("warn") });
  const clinic = await createClinic(app.database.db, { name: "C", timezone: "Europe/Madrid", defaultLocale: "es", email: "x@y.example", phone: null, address: null });
  let t0 = performance.now();
  const ids = await queueEmails(app, clinic.id, 1000);
  console.log("queue 1000 ms", Math.round(performance.now() - t0));
  // wrap delivery pieces
  const d = app.delivery as any;
  const timers: Record<string, number> = {};
  const wrap = (obj: any, key: string, label: string) => { const f = obj[key].bind(obj); obj[key] = async (...a: any[]) => { const s = performance.now(); try { return await f(...a); } finally { timers[label] = (timers[label] ?? 0) + performance.now() - s; } }; };
  wrap(app.notifications, "shouldSendNotification", "shouldSend");
  wrap(app.templates, "render", "render");
  wrap(app.email, "send", "send");
  wrap(d, "compose", "compose");
  wrap(app.delivery, "deliver", "deliver");
  { const { sql } = await import("drizzle-orm"); const s = performance.now(); for (let i = 0; i < 200; i++) await app.database.query(sql`SELECT 1`); console.log("select 1 ms", (performance.now() - s) / 200); }
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  let n = 0, rounds = 0;
  while (n < 1000) { n += await app.worker.runOnce(); rounds++; }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0); console.log("cpu %", Math.round((cpu.user + cpu.system) / 10 / ms));
  console.log("sent", n, "in", Math.round(ms), "ms =", Math.round(n / (ms / 1000)), "/s; rounds", rounds, timers);
  await app.close();
} finally {
  await sink.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
