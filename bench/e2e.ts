import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";
import {
  createBenchClinics,
  type E2eMeasure,
  type E2eSettings,
  publishAndMeasure,
  publishSteady,
  type SteadyMeasure,
  type SteadySettings,
  warmUp,
} from "./lib/e2e-common.js";
import { startBackendCpu, withThrowawayDatabase } from "./lib/pg.js";
import { cpuMsOf, senderEnv, startNode, startScriptFlags, startWorker } from "./lib/processes.js";
import { type CpuAccount, peakRssMbOf, round, startCpuAccount } from "./lib/stats.js";

/** What every end-to-end line reports besides its own measure: where the CPU went, and memory. */
export interface E2eCost extends Partial<CpuAccount> {
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
  /** CPU of the bench database's own server processes per message (PostgreSQL runs only). */
  postgres_backends_ms_per_message?: number | null;
}

export type E2eResult = E2eMeasure & E2eCost;
export type SteadyResult = SteadyMeasure & E2eCost;

/**
 * Ours on PostgreSQL: this process publishes (as the API would), `workers` worker processes
 * (`src/cli.ts worker`, each with its dispatcher and email worker) do the rest. `measure` runs
 * after the warm-up, between the CPU readings.
 */
async function onPostgres<M extends { sent: number; events: number }>(
  opts: { adminUrl: string; sinkPort: number; sinkPid: number; workers: number; concurrency: number },
  setup: { label: string; clinics: number; warmUp: number },
  measure: (app: Awaited<ReturnType<typeof createApp>>, clinics: string[]) => Promise<M>,
): Promise<M & E2eCost> {
  return withThrowawayDatabase(opts.adminUrl, setup.label, async (url) => {
    const config = loadConfig(senderEnv(opts.sinkPort, { DATABASE_URL: url }));
    const app = await createApp(config, { logger: createLogger("warn") });
    const workers: ReturnType<typeof startWorker>[] = [];
    try {
      const clinics = await createBenchClinics(app, setup.clinics);
      for (let i = 0; i < opts.workers; i++) workers.push(startWorker(url, opts.sinkPort, opts.concurrency));
      await Promise.all(workers.map((w) => w.ready));
      await warmUp(app, setup.warmUp);
      const cpuBefore = workers.map((w) => cpuMsOf(w.pid) ?? 0);
      const publisherBefore = process.cpuUsage();
      const account = startCpuAccount(opts.sinkPid);
      const backends = await startBackendCpu((s) => app.database.query(s));
      const measured = await measure(app, clinics);
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
        postgres_backends_ms_per_message: await backends(measured.sent),
        ...cpuAccount,
      };
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await app.close();
    }
  });
}

type PostgresLine = {
  adminUrl: string;
  sinkPort: number;
  sinkPid: number;
  workers: number;
  concurrency: number;
};

/** A burst of N events on PostgreSQL. */
export function benchE2ePostgres(opts: PostgresLine & { settings: E2eSettings }): Promise<E2eResult> {
  const { settings } = opts;
  return onPostgres(opts, { label: `e2e${opts.workers}w`, ...settings }, (app, clinics) =>
    publishAndMeasure(app, clinics, settings),
  );
}

/** A steady trickle of events on PostgreSQL (one worker process, as deployed by default). */
export function benchSteadyPostgres(
  opts: Omit<PostgresLine, "workers"> & { settings: SteadySettings },
): Promise<SteadyResult> {
  const { settings } = opts;
  return onPostgres({ ...opts, workers: 1 }, { label: "steady", ...settings }, (app, clinics) =>
    publishSteady(app, clinics, settings),
  );
}

/**
 * Ours on embedded PGlite, in a data directory as `npm start` keeps it: one process publishes,
 * dispatches and sends (PGlite cannot be shared between processes). The directory is created
 * first by `cli migrate` in a process of its own, as an installation's first start did, so the
 * line's peak RSS is that of a running installation. Run as a child so its RSS is its own.
 */
export async function benchPglite<R>(opts: {
  mode: "burst" | "steady";
  sinkPort: number;
  sinkPid: number;
  concurrency: number;
  settings: E2eSettings | SteadySettings;
}): Promise<R> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dp-bench-pglite-"));
  try {
    const env = senderEnv(opts.sinkPort, { DATA_DIR: dataDir, WORKER_CONCURRENCY: String(opts.concurrency) });
    const migrate = startNode(["src/cli.ts", "migrate"], env);
    const migrated = await migrate.exited;
    if (migrated !== "0")
      throw new Error(`PGlite data directory not created (${migrated}):\n${migrate.output()}`);
    const child = startNode(
      ["bench/e2e-pglite.ts", opts.mode, JSON.stringify(opts.settings), String(opts.sinkPid)],
      env,
      undefined,
      [
        // As `npm start` runs the service; with BENCH_PROFILE_DIR set, a V8 CPU profile of the
        // run is written there (as the workers do).
        ...startScriptFlags(),
        ...(process.env.BENCH_PROFILE_DIR
          ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
          : []),
      ],
    );
    const how = await child.exited;
    const line = child
      .output()
      .split("\n")
      .reverse()
      .find((l) => l.startsWith("RESULT "));
    if (how !== "0" || !line) throw new Error(`PGlite run failed (${how}):\n${child.output().slice(-3000)}`);
    return JSON.parse(line.slice("RESULT ".length)) as R;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function maxOrNull(xs: (number | null)[]): number | null {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? Math.max(...known) : null;
}
