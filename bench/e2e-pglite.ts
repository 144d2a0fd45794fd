/**
 * Child process of the benchmark: the whole pipeline on PGlite in one process, with its data
 * in `DATA_DIR` as `npm start` keeps it (created beforehand by the parent).
 * argv: burst|steady, the line's settings (JSON), the sink's pid.
 */
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { openPglite } from "../src/core/db/client.js";
import { createLogger } from "../src/core/logger.js";
import type { E2eCost } from "./e2e.js";
import {
  createBenchClinics,
  type E2eSettings,
  publishAndMeasure,
  publishSteady,
  type SteadySettings,
  warmUp,
} from "./lib/e2e-common.js";
import { peakRssMbOf, startCpuAccount } from "./lib/stats.js";

const mode = process.argv[2];
const settings = JSON.parse(process.argv[3] ?? "{}") as E2eSettings & SteadySettings;
const config = loadConfig(process.env);
if (config.database.kind !== "pglite") throw new Error("the PGlite line runs without DATABASE_URL");
const app = await createApp(config, {
  database: await openPglite(config.database.dataDir),
  logger: createLogger("warn"),
});
const clinics = await createBenchClinics(app, settings.clinics);
await app.startBackground();
await warmUp(app, settings.warmUp);
const cpuBefore = process.cpuUsage();
const account = startCpuAccount(Number(process.argv[4]) || null);
const measured =
  mode === "steady"
    ? await publishSteady(app, clinics, settings)
    : await publishAndMeasure(app, clinics, settings);
const cpu = process.cpuUsage(cpuBefore);
const cpuAccount = account(measured.sent);
await app.close();
await app.database.close();
const rss = peakRssMbOf(process.pid);
const cost: E2eCost = {
  engine: "pglite",
  worker_processes: 1,
  worker_concurrency: config.worker.concurrency,
  peak_rss_mb: rss,
  peak_rss_mb_each: [rss],
  // One process publishes, dispatches and sends here, and runs the database too.
  worker_cpu_ms_per_message: measured.sent
    ? Math.round((cpu.user + cpu.system) / 10 / measured.sent) / 100
    : null,
  ...cpuAccount,
};
process.stdout.write(`RESULT ${JSON.stringify({ ...measured, ...cost })}\n`);
