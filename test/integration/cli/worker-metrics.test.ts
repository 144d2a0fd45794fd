import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../support/app.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";
import { parseExposition } from "../../support/prometheus-text.js";

const SECRET = "worker-metrics-secret-0123";
const TOKEN = "worker-metrics-token-0123456789";
let dataDir: string;
let pg: TestDatabase | undefined;
let worker: ChildProcess | undefined;

function env(extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = pg
    ? { DATABASE_URL: pg.url!, SECRET_KEY: SECRET }
    : { DATA_DIR: dataDir, SECRET_KEY: SECRET };
  return { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", EMAIL_PROVIDER: "console", ...base, ...extra };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "dentalpin-worker-metrics-"));
  if (onceAcrossEngines && onPostgres) pg = await createTestDatabase();
});
afterAll(async () => {
  if (worker?.pid && worker.exitCode === null) {
    const exited = new Promise((r) => worker!.once("exit", r));
    process.kill(worker.pid, "SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  await pg?.close();
});

describe.runIf(onceAcrossEngines)("a worker-only process", { timeout: 120_000 }, () => {
  it("serves its own /metrics on METRICS_PORT, behind the token, and nothing else there", async () => {
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "src/cli.ts", "migrate"],
        { env: env(), timeout: 60_000 },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    const port = await freePort();
    worker = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "worker"], {
      env: env({ METRICS_PORT: String(port), METRICS_TOKEN: TOKEN, HOST: "127.0.0.1" }),
      stdio: "ignore",
    });
    const url = `http://127.0.0.1:${port}`;
    const res = await eventually(
      async () => {
        const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(r.status).toBe(200);
        return r;
      },
      60_000,
      200,
    );
    const m = parseExposition(await res.text());
    expect(m.value("dentalpin_outbox_due_emails")).toBe(0);
    // The process's own figures are collected where the process is run.
    expect(m.types.get("process_cpu_seconds_total")).toBe("counter");
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/api/v1/auth/me`)).status).toBe(404);
  });
});
