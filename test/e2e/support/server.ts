// Runs the real service as a child process on a fresh PGlite data directory, the way an
// operator does (`src/cli.ts start`).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export { freePort } from "../../support/free-port.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const NODE_ARGS = ["--import", "tsx", "src/cli.ts"];

export function makeEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_ALLOW_PRIVATE_HOSTS: "true",
    LOG_LEVEL: "warn",
    // Test email and retries should not wait long when something is wrong.
    EMAIL_RETRY_BASE_SECONDS: "1",
  };
  // Always the embedded database: one fresh directory per test file.
  delete env.DATABASE_URL;
  delete env.SECRET_KEY;
  return env;
}

export interface RunningServer {
  baseUrl: string;
  /** What the server wrote to stderr so far (for failure messages). */
  stderr: () => string;
  stop: () => Promise<void>;
}

async function waitReady(baseUrl: string, child: ChildProcess, stderr: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${stderr()}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready within ${timeoutMs} ms:\n${stderr()}`);
}

export async function startServer(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  const child = spawn(process.execPath, [...NODE_ARGS, "start"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err = (err + c.toString()).slice(-20_000);
  });
  child.stdout?.resume();
  const stderr = () => err;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitReady(baseUrl, child, stderr, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, stderr, stop };
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
