import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";

function error(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("defaults to embedded PGlite in ./data, the console provider and the seed's EMAIL_* defaults", () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: "pglite", dataDir: "./data" });
    expect(c.port).toBe(8000);
    expect(c.host).toBe("127.0.0.1");
    expect(c.email).toMatchObject({
      enabled: true,
      provider: "console",
      port: 587,
      useTls: true,
      useSsl: false,
      fromName: "DentalPin",
    });
    expect(c.worker).toEqual({ concurrency: 16, leaseSeconds: 60, maxAttempts: 6, retryBaseSeconds: 30 });
  });

  it("takes the global SMTP fallback from the environment", () => {
    const c = loadConfig({
      EMAIL_PROVIDER: "smtp",
      EMAIL_SMTP_HOST: "smtp.example.com",
      EMAIL_SMTP_PORT: "2525",
      EMAIL_SMTP_USER: "u",
      EMAIL_SMTP_PASSWORD: "p",
      EMAIL_SMTP_TLS: "false",
      EMAIL_SMTP_SSL: "true",
      EMAIL_FROM_ADDRESS: "clinic@example.com",
      EMAIL_ENABLED: "false",
    });
    expect(c.email).toMatchObject({
      provider: "smtp",
      host: "smtp.example.com",
      port: 2525,
      useTls: false,
      useSsl: true,
      enabled: false,
    });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT", "integer"],
    [{ PORT: "70000" }, "PORT", "65535"],
    [{ EMAIL_SMTP_TLS: "maybe" }, "EMAIL_SMTP_TLS", "true or false"],
    [{ EMAIL_PROVIDER: "sendgrid" }, "EMAIL_PROVIDER", ""],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL", "postgres"],
    [{ DATABASE_URL: "postgres://h/db" }, "SECRET_KEY", "required"],
    [{ EMAIL_SMTP_TLS: "true", EMAIL_SMTP_SSL: "true" }, "EMAIL_SMTP_SSL", "STARTTLS"],
    [{ WORKER_LEASE_SECONDS: "0" }, "WORKER_LEASE_SECONDS", "from 5"],
    [{ EMAIL_FROM_ADDRESS: "not-an-email" }, "EMAIL_FROM_ADDRESS", "email"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", ""],
  ])("rejects %o naming %s", (env, variable, hint) => {
    const e = error(env as Record<string, string>);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.variable).toBe(variable);
    expect(e.message).toContain(variable);
    expect(e.message).toContain(hint);
  });

  it("splits SECRET_KEY_FALLBACKS", () => {
    expect(loadConfig({ SECRET_KEY_FALLBACKS: " old-one , older-two ,," }).secretKeyFallbacks).toEqual([
      "old-one",
      "older-two",
    ]);
  });
});

describe("TRUST_PROXY and REQUEST_TIMEOUT_SECONDS", () => {
  it("trusts no proxy and times requests out after 30 s by default", () => {
    expect(loadConfig({}).http).toEqual({ trustProxy: false, requestTimeoutMs: 30_000 });
  });

  it("takes a hop count, addresses and CIDRs, or true", () => {
    expect(loadConfig({ TRUST_PROXY: "1" }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.1, 192.168.0.0/16,::1,loopback" }).http.trustProxy).toEqual([
      "10.0.0.1",
      "192.168.0.0/16",
      "::1",
      "loopback",
    ]);
    expect(loadConfig({ TRUST_PROXY: "true" }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "false" }).http.trustProxy).toBe(false);
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: "5" }).http.requestTimeoutMs).toBe(5000);
  });

  it("names the variable on a bad value", () => {
    expect(error({ TRUST_PROXY: "proxy.example" }).variable).toBe("TRUST_PROXY");
    expect(error({ TRUST_PROXY: "10.0.0.0/40" }).variable).toBe("TRUST_PROXY");
    expect(error({ REQUEST_TIMEOUT_SECONDS: "0" }).variable).toBe("REQUEST_TIMEOUT_SECONDS");
  });
});

describe("EMAIL_SMTP_CA_FILE", () => {
  it("names the variable when the file is missing or holds no certificate", () => {
    expect(error({ EMAIL_SMTP_CA_FILE: "/nonexistent/ca.pem" }).variable).toBe("EMAIL_SMTP_CA_FILE");
    expect(error({ EMAIL_SMTP_CA_FILE: "package.json" }).message).toMatch(/PEM certificates/);
  });

  it("is no extra CA when unset", () => {
    expect(loadConfig({}).email.caCertificate).toBeNull();
  });
});
