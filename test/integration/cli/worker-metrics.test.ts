import { describe, expect, it } from "vitest";
import { eventually } from "../../support/app.js";
import { cliInstallation } from "../../support/cli-installation.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";
import { freePort } from "../../support/free-port.js";
import { parseExposition } from "../../support/prometheus-text.js";

const TOKEN = "worker-metrics-token-0123456789";
const installation = cliInstallation({
  name: "worker-metrics",
  secret: "worker-metrics-secret-0123",
  postgres: onceAcrossEngines && onPostgres,
  env: { EMAIL_PROVIDER: "console" },
});

describe.runIf(onceAcrossEngines)("a worker-only process", { timeout: 120_000 }, () => {
  it("serves its own /metrics on METRICS_PORT, behind the token, and nothing else there", async () => {
    expect((await installation.cli(["migrate"])).code).toBe(0);
    const port = await freePort();
    installation.spawn(
      ["worker"],
      { METRICS_PORT: String(port), METRICS_TOKEN: TOKEN, HOST: "127.0.0.1" },
      "ignore",
    );
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
