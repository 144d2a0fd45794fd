import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";
import {
  createBenchClinics,
  type E2eMeasure,
  type E2eSettings,
  publishAndMeasure,
} from "./lib/e2e-common.js";
import { withThrowawayDatabase } from "./lib/pg.js";
import { cpuMsOf, senderEnv, startNode, startWorker } from "./lib/processes.js";
import { type CpuAccount, peakRssMbOf, round, startCpuAccount } from "./lib/stats.js";

export interface E2eResult extends E2eMeasure, Partial<CpuAccount> {
  engine: "pglite" | "postgres";
  worker_processes: number;
  worker_concurrency: number;
  /** Largest peak RSS among the processes that dispatch and send. */
  peak_rss_mb: number | null;
  peak_rss_mb_each: (number | null)[];
  /** CPU time the dispatching and sending processes used per message sent (all cores). */
  worker_cpu_ms_per_message: number | null;
  /** CPU time the publishing side used per event published (PostgreSQL runs only). */
  publisher_cpu_ms_per_event?: number | null;
}

/**
 * Ours on PostgreSQL: this process publishes (as the API would), `workers` worker processes
 * (`src/cli.ts worker`, each with its dispatcher and email worker) do the rest.
 */
export async function benchE2ePostgres(opts: {
  adminUrl: string;
  sinkPort: number;
  sinkPid: number;
  workers: number;
  concurrency: number;
  settings: E2eSettings;
}): Promise<E2eResult> {
  return withThrowawayDatabase(opts.adminUrl, `e2e${opts.workers}w`, async (url) => {
    const config = loadConfig(senderEnv(opts.sinkPort, { DATABASE_URL: url }));
    const app = await createApp(config, { logger: createLogger("warn") });
    const workers: ReturnType<typeof startWorker>[] = [];
    try {
      const clinics = await createBenchClinics(app, opts.settings.clinics);
      for (let i = 0; i < opts.workers; i++) workers.push(startWorker(url, opts.sinkPort, opts.concurrency));
      await Promise.all(workers.map((w) => w.ready));
      const cpuBefore = workers.map((w) => cpuMsOf(w.pid) ?? 0);
      const publisherBefore = process.cpuUsage();
      const account = startCpuAccount(opts.sinkPid);
      const measured = await publishAndMeasure(app, clinics, opts.settings);
      const cpuAccount = account(measured.sent);
      const publisher = process.cpuUsage(publisherBefore);
      const workerCpu = workers.reduce((sum, w, i) => sum + ((cpuMsOf(w.pid) ?? 0) - cpuBefore[i]!), 0);
      const rss = workers.map((w) => peakRssMbOf(w.pid));
      return {
        engine: "postgres",
        worker_processes: opts.workers,
        worker_concurrency: opts.concurrency,
        ...measured,
        peak_rss_mb: maxOrNull(rss),
        peak_rss_mb_each: rss,
        worker_cpu_ms_per_message: measured.sent ? round(workerCpu / measured.sent, 2) : null,
        // Includes this process's share of polling for completion, which is small.
        publisher_cpu_ms_per_event: round((publisher.user + publisher.system) / 1000 / measured.events, 2),
        ...cpuAccount,
      };
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await app.close();
    }
  });
}

/**
 * Ours on embedded PGlite: one process publishes, dispatches and sends (PGlite cannot be
 * shared between processes). Run as a child so its peak RSS is its own.
 */
export async function benchE2ePglite(opts: {
  sinkPort: number;
  sinkPid: number;
  concurrency: number;
  settings: E2eSettings;
}) {
  const child = startNode(
    ["bench/e2e-pglite.ts", JSON.stringify(opts.settings), String(opts.sinkPid)],
    senderEnv(opts.sinkPort, { WORKER_CONCURRENCY: String(opts.concurrency) }),
  );
  const how = await child.exited;
  const line = child
    .output()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("RESULT "));
  if (how !== "0" || !line) throw new Error(`PGlite run failed (${how}):\n${child.output().slice(-3000)}`);
  return JSON.parse(line.slice("RESULT ".length)) as E2eResult;
}

function maxOrNull(xs: (number | null)[]): number | null {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? Math.max(...known) : null;
}
