import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../support/app.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";

const SECRET = "console-test-secret-key-0123";
let dataDir: string;
let pg: TestDatabase | undefined;
let server: ChildProcess | undefined;

function env(extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = pg
    ? { DATABASE_URL: pg.url!, SECRET_KEY: SECRET }
    : { DATA_DIR: dataDir, SECRET_KEY: SECRET };
  return { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", EMAIL_PROVIDER: "console", ...base, ...extra };
}

function cli(args: string[]) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      { env: env(), timeout: 60_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
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
  dataDir = mkdtempSync(path.join(tmpdir(), "dentalpin-console-"));
  if (onceAcrossEngines && onPostgres) pg = await createTestDatabase();
});
afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    process.kill(server.pid, "SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  await pg?.close();
});

describe.runIf(onceAcrossEngines)("console email provider", { timeout: 120_000 }, () => {
  it("prints the email on stdout even when LOG_LEVEL=warn hides info logs", async () => {
    await cli(["migrate"]);
    const { clinic_id: clinicId } = JSON.parse(
      await cli(["clinics", "create", "--name", "Cabinet Console", "--locale", "fr"]),
    );
    const token = (await cli(["token", "--clinic-id", clinicId, "--role", "admin"])).trim();
    const port = await freePort();
    let stdout = "";
    let stderr = "";
    server = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve", "--no-worker"], {
      env: env({ PORT: String(port), HOST: "127.0.0.1" }),
    });
    server.stdout!.on("data", (d) => {
      stdout += String(d);
    });
    server.stderr!.on("data", (d) => {
      stderr += String(d);
    });
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => expect((await fetch(`${url}/healthz`)).status).toBe(200), 60_000, 200);

    const res = await fetch(`${url}/api/v1/notifications/test`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ to_email: "console-reader@example.com" }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ success: true });

    await eventually(async () => {
      expect(stdout).toContain("email (console provider: not sent)");
      expect(stdout).toContain("To: <console-reader@example.com>");
      // The test email speaks the clinic's language.
      expect(stdout).toContain("Subject: E-mail de test – Cabinet Console");
    });
    // The logger (stderr) says nothing at info level, and never carried the email; the line
    // that says where to open the UI is there at every level.
    expect(stderr).not.toContain("console-reader@example.com");
    expect(stderr).toContain(`DentalPin Notifications: open ${url}/`);
  });

  it("logs readable lines, not JSON, on a terminal", async () => {
    const port = await freePort();
    // `script` gives the service a pseudo-terminal, as a person's shell would.
    const command = `exec "${process.execPath}" --import tsx src/cli.ts serve --no-worker`;
    const tty = spawn("script", ["-qfec", command, "/dev/null"], {
      env: env({ PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" }),
      detached: true,
    });
    let screen = "";
    tty.stdout!.on("data", (d) => {
      screen += String(d);
    });
    try {
      await eventually(
        async () => expect(screen).toMatch(/INFO.*DentalPin Notifications is listening/),
        60_000,
        200,
      );
      expect(screen).not.toContain('{"level":');
    } finally {
      if (tty.pid) process.kill(-tty.pid, "SIGTERM");
    }
  });
});
