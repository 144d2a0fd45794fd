/** Child process of the benchmark: the whole pipeline on in-memory PGlite, one process. */
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { openPglite } from "../src/core/db/client.js";
import { createLogger } from "../src/core/logger.js";
import type { E2eResult } from "./e2e.js";
import { createBenchClinics, type E2eSettings, publishAndMeasure } from "./lib/e2e-common.js";
import { startCpuAccount } from "./lib/stats.js";

const settings = JSON.parse(process.argv[2] ?? "{}") as E2eSettings;
const config = loadConfig(process.env);
const app = await createApp(config, { database: await openPglite(undefined), logger: createLogger("warn") });
const clinics = await createBenchClinics(app, settings.clinics);
await app.startBackground();
const cpuBefore = process.cpuUsage();
const account = startCpuAccount(Number(process.argv[3]) || null);
const measured = await publishAndMeasure(app, clinics, settings);
const cpu = process.cpuUsage(cpuBefore);
const cpuAccount = account(measured.sent);
await app.close();
await app.database.close();
const rss = Math.round(process.resourceUsage().maxRSS / 1024);
const result: E2eResult = {
  engine: "pglite",
  worker_processes: 1,
  worker_concurrency: config.worker.concurrency,
  ...measured,
  peak_rss_mb: rss,
  peak_rss_mb_each: [rss],
  // One process publishes, dispatches and sends here, and runs the database too.
  worker_cpu_ms_per_message: measured.sent
    ? Math.round((cpu.user + cpu.system) / 10 / measured.sent) / 100
    : null,
  ...cpuAccount,
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
