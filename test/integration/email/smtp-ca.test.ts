import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createTestClinic, type TestApp, tokenFor } from "../../support/app.js";
import { startTestServer, type TestServer } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";
import { testCertificate } from "../../support/tls.js";

/**
 * A relay whose certificate no public CA signed (the sink's self-signed one), with
 * certificate verification ON, as in production: trusting its CA is the only way in.
 */
let sink: SmtpSink;
let dir: string;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  sink = await startSmtpSink({ starttls: true });
  dir = mkdtempSync(path.join(tmpdir(), "dentalpin-ca-"));
});
afterAll(async () => {
  for (const o of opened.reverse()) await o.close();
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CA = () => testCertificate().cert.toString();

async function verifyingApp(env: Record<string, string> = {}): Promise<{ t: TestApp; http: TestServer }> {
  const t = await createTestApp({ verifyTls: true, env });
  const http = await startTestServer(t.app);
  opened.push(t, http);
  return { t, http };
}

describe("a clinic's relay with a private CA", () => {
  let http: TestServer;
  let admin: string;
  const settings = () => ({
    provider: "smtp",
    host: "localhost",
    port: sink.port,
    use_tls: true,
    use_ssl: false,
    from_email: "citas@clinica.example",
  });

  beforeAll(async () => {
    const v = await verifyingApp();
    http = v.http;
    const c = await createTestClinic(v.t.app);
    admin = await tokenFor(v.t.app, c.clinicId, "admin");
  });

  it("fails at the TLS step while its CA is not trusted", async () => {
    const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: settings(),
    });
    expect(put.status).toBe(200);
    expect(put.body.data.ca_certificate).toBeNull();
    const test = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token: admin,
      body: { to_email: "owner@clinica.example" },
    });
    expect(test.body.data).toMatchObject({ success: false, step: "tls" });
  });

  it("sends once the clinic adds the CA certificate, and shows it back", async () => {
    const before = sink.messages.length;
    const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: { ...settings(), ca_certificate: CA() },
    });
    expect(put.status).toBe(200);
    expect(put.body.data.ca_certificate).toContain("-----BEGIN CERTIFICATE-----");
    const test = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token: admin,
      body: { to_email: "owner@clinica.example" },
    });
    expect(test.body.data).toMatchObject({ success: true, step: null });
    const msgs = await sink.waitFor(before + 1);
    expect(msgs.at(-1)?.secure).toBe(true);

    // Saved without the field: the CA stays; with null: it goes.
    const keep = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: settings(),
    });
    expect(keep.body.data.ca_certificate).toContain("BEGIN CERTIFICATE");
    const drop = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: { ...settings(), ca_certificate: null },
    });
    expect(drop.body.data.ca_certificate).toBeNull();
  });

  it("refuses what is not a PEM CA certificate with a 422 naming ca_certificate", async () => {
    for (const bad of ["not a certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"]) {
      const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
        token: admin,
        body: { ...settings(), ca_certificate: bad },
      });
      expect(put.status).toBe(422);
      expect(put.body.errors[0].field).toBe("ca_certificate");
    }
  });
});

describe("EMAIL_SMTP_CA_FILE for the global relay", () => {
  const relay = () => ({
    EMAIL_PROVIDER: "smtp",
    EMAIL_SMTP_HOST: "localhost",
    EMAIL_SMTP_PORT: String(sink.port),
    EMAIL_SMTP_TLS: "true",
  });
  const message = { to: "patient@example.com", subject: "Hola", bodyHtml: "<p>Hola</p>" };

  it("without it a clinic on the global relay cannot send (certificate not trusted)", async () => {
    const { t } = await verifyingApp(relay());
    const c = await createTestClinic(t.app);
    const result = await t.app.email.send(message, { clinicId: c.clinicId });
    expect(result.isSuccess).toBe(false);
  });

  it("with it the same send goes out over TLS", async () => {
    const file = path.join(dir, "relay-ca.pem");
    writeFileSync(file, CA());
    const { t } = await verifyingApp({ ...relay(), EMAIL_SMTP_CA_FILE: file });
    const c = await createTestClinic(t.app);
    const before = sink.messages.length;
    const result = await t.app.email.send(message, { clinicId: c.clinicId });
    expect(result.isSuccess, result.errorMessage ?? "").toBe(true);
    const msgs = await sink.waitFor(before + 1);
    expect(msgs.at(-1)?.secure).toBe(true);
  });
});
