import pg from "pg";
import { performance } from "node:perf_hooks";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";
import { createClinic } from "../src/modules/directory/clinics-repo.js";
import { startSinkProcess } from "../test/support/sink-process.js";
import { queueEmails } from "../test/integration/faults/support.js";
import { claimDue } from "../src/modules/notifications/logs-repo.js";

const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
const name = `dp_tmp_${process.pid}`;
await admin.query(`CREATE DATABASE ${name}`);
const sink = await startSinkProcess();
try {
  const config = loadConfig({ DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`, SECRET_KEY: "0123456789abcdef0123", LOG_LEVEL: "warn",
    EMAIL_PROVIDER: "smtp", EMAIL_SMTP_HOST: "127.0.0.1", EMAIL_SMTP_PORT: String(sink.port), EMAIL_SMTP_TLS: "false", EMAIL_FROM_ADDRESS: "a@b.example" });
  const app = await createApp(config, { logger: createLogger("warn") });
  const clinic = await createClinic(app.database.db, { name: "C", timezone: "Europe/Madrid", defaultLocale: "es", email: "x@y.example", phone: null, address: null });
  await queueEmails(app, clinic.id, 300);
  const rows = await claimDue(app.database.db, { owner: "x", now: new Date(), leaseSeconds: 600, limit: 300 });
  const msgs = [];
  for (const r of rows) msgs.push((await (app.delivery as any).compose(r, await (await import("../src/modules/directory/clinics-repo.js")).findClinic(app.database.db, clinic.id))).message);
  console.log("composed", msgs.length, JSON.stringify(msgs[0]).length);
  let t0 = performance.now();
  for (const m of msgs.slice(0, 50)) await app.email.send(m, { clinicId: clinic.id });
  console.log("sequential ms/msg", ((performance.now() - t0) / 50).toFixed(1));
  t0 = performance.now();
  await Promise.all(msgs.slice(50, 300).map((m) => app.email.send(m, { clinicId: clinic.id })));
  console.log("parallel 250 msgs/s", (250 / ((performance.now() - t0) / 1000)).toFixed(0));
  console.log(await sink.stats());
  await app.close();
} finally {
  await sink.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
