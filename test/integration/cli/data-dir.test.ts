import { execFile } from "node:child_process";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres } from "../../support/engine.js";

const root = mkdtempSync(path.join(tmpdir(), "dentalpin-datadir-"));
const dataDir = path.join(root, "data");

/** The CLI as an operator starts it, under the usual umask 022 and without SECRET_KEY. */
function cli(args: string[]) {
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      "/bin/sh",
      ["-c", 'umask 022; exec "$0" --import tsx src/cli.ts "$@"', process.execPath, ...args],
      { env: { PATH: process.env.PATH, LOG_LEVEL: "warn", DATA_DIR: dataDir }, timeout: 90_000 },
      (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

/** Every path under `dir` that another user could read, write or enter. */
function openToOthers(dir: string): string[] {
  const loose: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const at = stack.pop()!;
    const st = lstatSync(at);
    if (st.isSymbolicLink()) continue;
    if (st.mode & 0o077) loose.push(`${path.relative(dir, at) || "."} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(at)) stack.push(path.join(at, name));
  }
  return loose;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

// Embedded mode only: with DATABASE_URL and SECRET_KEY nothing is written to DATA_DIR.
describe.skipIf(onPostgres)("DATA_DIR is private", { timeout: 180_000 }, () => {
  it("is created 0700 with owner-only files, under umask 022", async () => {
    const run = await cli(["migrate"]);
    expect(run.code, run.stderr).toBe(0);
    // A token needs the key: without SECRET_KEY it is generated into DATA_DIR.
    const token = await cli([
      "token",
      "--clinic-id",
      "5d1c0c3e-8a0f-4f43-b0e4-1f5e0a6b7c22",
      "--role",
      "admin",
    ]);
    expect(token.code, token.stderr).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(["secret_key", "pgdata"]));
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it("fixes an existing DATA_DIR that others could read, and says so", async () => {
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, "secret_key"), 0o644);
    chmodSync(path.join(dataDir, "pgdata"), 0o755);
    expect(openToOthers(dataDir).length).toBeGreaterThan(0);
    const run = await cli(["migrate"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/made it owner-only/);
    expect(openToOthers(dataDir)).toEqual([]);
  });
});
