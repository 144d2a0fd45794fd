import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { eventually } from "../../support/app.js";
import { cliInstallation } from "../../support/cli-installation.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";
import { freePort } from "../../support/free-port.js";

const installation = cliInstallation({
  name: "console",
  secret: "console-test-secret-key-0123",
  postgres: onceAcrossEngines && onPostgres,
  env: { EMAIL_PROVIDER: "console" },
});

/** A CLI command's output; it must succeed. */
async function cli(args: string[]): Promise<string> {
  const run = await installation.cli(args);
  if (run.code !== 0) throw new Error(`cli ${args.join(" ")} exited ${run.code}\n${run.stderr}`);
  return run.stdout;
}

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
    const server = installation.spawn(["serve", "--no-worker"], { PORT: String(port), HOST: "127.0.0.1" });
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
      env: installation.env({ PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" }),
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
