import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import type { App } from "../../../src/app.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import { createTestApp, TEST_SECRET, type TestApp } from "../../support/app.js";
import { onPostgres } from "../../support/engine.js";
import { type CountingSink, startCountingSink } from "../../support/sink-process.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Queues `n` confirmations in one clinic through the real sendNotification, 200 per transaction. */
export async function queueEmails(
  app: App,
  clinicId: string,
  n: number,
  recipient: (i: number) => string = (i) => `patient-${i}@example.com`,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 200) {
    await app.database.db.transaction(async (tx) => {
      for (let i = start; i < Math.min(n, start + 200); i++) {
        const r = await app.notifications.sendNotification({
          clinicId,
          notificationType: "appointment_confirmation",
          toEmail: recipient(i),
          toName: `Paciente ${i}`,
          context: {
            patient_name: `Paciente ${i}`,
            start_time: "2026-12-01T09:30:00Z",
            professional_name: "Dr. Ortega",
          },
          dedupeKey: `fault:${recipient(i)}`,
          wait: false,
          tx,
        });
        ids.push(r.logId);
      }
    });
  }
  return ids;
}

export type LogState = {
  id: string;
  status: string;
  attempts: number;
  leaseOwner: string | null;
  errorMessage: string | null;
};

export async function logStates(app: App, ids: string[]): Promise<LogState[]> {
  return app.database.db
    .select({
      id: emailLogs.id,
      status: emailLogs.status,
      attempts: emailLogs.attempts,
      leaseOwner: emailLogs.leaseOwner,
      errorMessage: emailLogs.errorMessage,
    })
    .from(emailLogs)
    .where(inArray(emailLogs.id, ids));
}

export async function countByStatus(app: App): Promise<Record<string, number>> {
  const rows = await app.database.query<{ status: string; n: number }>(
    sql`SELECT status, count(*)::int AS n FROM email_logs GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Pending rows a worker holds right now: what is in flight. */
export async function leasedIds(app: App): Promise<string[]> {
  const rows = await app.database.query<{ id: string }>(
    sql`SELECT id FROM email_logs WHERE status = 'pending' AND lease_owner IS NOT NULL`,
  );
  return rows.map((r) => r.id);
}

/** Copies beyond the first, summed over all log ids. */
export function duplicatesIn(byLogId: Record<string, number>): { total: number; ids: string[] } {
  const ids = Object.entries(byLogId)
    .filter(([, n]) => n > 1)
    .map(([id]) => id);
  return { total: ids.reduce((sum, id) => sum + byLogId[id]! - 1, 0), ids };
}

/**
 * Polls `check` until it returns true, or fails after `timeoutMs` with `what` in the message,
 * plus what `explain` says about the state of things then.
 */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 20,
  explain?: () => Promise<string> | string,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const state = explain ? `\n${await explain()}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Status counts, and the last lines each worker wrote: why a wait timed out. */
export async function explainState(app: App, workers: WorkerProcess[]): Promise<string> {
  const counts = await countByStatus(app).catch((err) => ({ error: String(err) }));
  const failures = await app.database
    .query<{ error_message: string; n: number }>(
      sql`SELECT error_message, count(*)::int AS n FROM email_logs WHERE status = 'failed' GROUP BY 1`,
    )
    .catch(() => []);
  const tails = workers.map(
    (w, i) => `worker ${i} (${w.alive ? "alive" : "exited"}): ${w.stderr().slice(-1500)}`,
  );
  return [
    `email_logs by status: ${JSON.stringify(counts)}`,
    ...failures.map((f) => `failed ×${f.n}: ${f.error_message}`),
    ...tails,
  ].join("\n");
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker logged that it started. */
  ready: Promise<void>;
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
  readonly alive: boolean;
  stderr(): string;
  kill(signal: NodeJS.Signals): Promise<string>;
}

/**
 * A real worker process (`src/cli.ts worker`), run by node itself (not through npx), so a
 * signal reaches the worker and not a wrapper. It sends through the global relay: the sink.
 */
export function spawnWorker(opts: {
  databaseUrl: string;
  smtpPort: number;
  env?: Record<string, string>;
}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "worker"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: opts.databaseUrl,
      SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: "info",
      PUBLIC_URL: "http://127.0.0.1:8000",
      WORKER_CONCURRENCY: "4",
      WORKER_LEASE_SECONDS: "5",
      EMAIL_RETRY_BASE_SECONDS: "1",
      EMAIL_PROVIDER: "smtp",
      EMAIL_SMTP_HOST: "127.0.0.1",
      EMAIL_SMTP_PORT: String(opts.smtpPort),
      EMAIL_SMTP_TLS: "false",
      EMAIL_FROM_ADDRESS: "citas@clinica.example",
      SMTP_ALLOW_PRIVATE_HOSTS: "true",
      ...opts.env,
    },
  });
  let log = "";
  let exitedWith: string | null = null;
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => {
      exitedWith = signal ?? String(code);
      resolve(exitedWith);
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within 30 s:\n${log}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-20_000);
      if (log.includes('"msg":"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${how}) before it started:\n${log}`));
    });
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    exited,
    get alive() {
      return exitedWith === null;
    },
    stderr: () => log,
    async kill(signal) {
      if (exitedWith !== null) return exitedWith;
      child.kill(signal);
      return exited;
    },
  };
}

export interface FaultStage {
  t: TestApp;
  sink: CountingSink;
  workers: WorkerProcess[];
  /** A worker process on the stage's database and sink; ended with the file. */
  spawn(): WorkerProcess;
}

/**
 * What every worker-process fault test sets up, on PostgreSQL only: the app over a fresh
 * database, a counting sink in a process of its own, and the workers the test spawns — all
 * ended after the file (workers with SIGKILL). The fields are filled in before the tests run.
 */
export function faultStage(): FaultStage {
  const stage = { workers: [] as WorkerProcess[] } as FaultStage;
  stage.spawn = () => {
    const w = spawnWorker({ databaseUrl: stage.t.testDb.url!, smtpPort: stage.sink.port });
    stage.workers.push(w);
    return w;
  };
  beforeAll(async () => {
    if (!onPostgres) return;
    stage.t = await createTestApp();
    stage.sink = await startCountingSink();
  });
  afterAll(async () => {
    await Promise.all(stage.workers.map((w) => w.kill("SIGKILL")));
    await stage.t?.close();
    await stage.sink?.close();
  });
  return stage;
}
