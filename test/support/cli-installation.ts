import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { DatabaseConfig } from "../../src/config.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A throw-away installation for a file that runs the CLI as an operator does (`node --import
 * tsx src/cli.ts …`): a scratch folder with the embedded database in `<dir>/data`, or with
 * `postgres` a fresh PostgreSQL database. Set up before the file's tests, removed after, with
 * the processes `spawn` started.
 */
export function cliInstallation(opts: {
  name: string;
  secret: string;
  postgres: boolean;
  env?: Record<string, string>;
}) {
  let dir = "";
  let pg: TestDatabase | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `dentalpin-${opts.name}-`));
    if (opts.postgres) pg = await createTestDatabase();
  });
  afterAll(async () => {
    for (const child of children) {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    await pg?.close();
  });

  const installation = {
    /** The scratch folder (files the test writes live here too). */
    get dir() {
      return dir;
    },
    /** The database as the service opens it, for reading or preparing it in-process. */
    databaseConfig(): DatabaseConfig {
      return pg ? { kind: "postgres", url: pg.url! } : { kind: "pglite", dataDir: path.join(dir, "data") };
    },
    env(extra: Record<string, string> = {}): Record<string, string> {
      const where: Record<string, string> = pg
        ? { DATABASE_URL: pg.url! }
        : { DATA_DIR: path.join(dir, "data") };
      return {
        PATH: process.env.PATH ?? "",
        LOG_LEVEL: "warn",
        SECRET_KEY: opts.secret,
        ...opts.env,
        ...where,
        ...extra,
      };
    },
    /** One CLI command to its end; never rejects (the exit code says how it went). */
    cli(args: string[], extra: Record<string, string> = {}): Promise<CliRun> {
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          ["--import", "tsx", "src/cli.ts", ...args],
          { env: installation.env(extra), timeout: 60_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    },
    /** A long-running CLI command (serve, worker), stopped with SIGTERM after the file's tests. */
    spawn(args: string[], extra: Record<string, string> = {}, stdio: "pipe" | "ignore" = "pipe") {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
        env: installation.env(extra),
        stdio,
      });
      children.push(child);
      return child;
    },
  };
  return installation;
}
