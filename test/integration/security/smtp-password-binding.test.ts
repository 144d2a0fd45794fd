import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

/** An SMTP server someone else runs: it records every password offered to it. */
async function startCollector(): Promise<{ port: number; passwords: string[]; close(): Promise<void> }> {
  const passwords: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, cb) {
      passwords.push(String(auth.password));
      cb(null, { user: auth.username });
    },
    onData(stream, _session, cb) {
      stream.resume();
      stream.on("end", () => cb());
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, passwords, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let sink: SmtpSink;
let collector: Awaited<ReturnType<typeof startCollector>>;
let admin: string;

const SECRET = "the-clinic-app-password";

const { t, http } = serveTestApp();

beforeAll(async () => {
  sink = await startSmtpSink({ auth: { user: "clinic", pass: SECRET }, starttls: false });
  collector = await startCollector();
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
});
afterAll(async () => {
  await sink?.close();
  await collector?.close();
});

const base = () => ({
  provider: "smtp",
  host: "127.0.0.1",
  port: sink.port,
  username: "clinic",
  use_tls: false,
  use_ssl: false,
  from_email: "citas@clinica.example",
  from_name: "Clínica",
});

async function saveWithPassword() {
  const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
    token: admin,
    body: { ...base(), password: SECRET },
  });
  expect(put.status).toBe(200);
  expect(put.body.data).toMatchObject({ has_password: true, password_cleared: false });
}

describe("the stored SMTP password stays with the server it was saved for", () => {
  it("a test against another port without a password does not carry the saved one there", async () => {
    await saveWithPassword();
    const res = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token: admin,
      body: { ...base(), port: collector.port, to_email: "owner@clinica.example" },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.saved_password_used).toBe(false);
    expect(res.body.data.message).toMatch(/saved password was not used/);
    expect(collector.passwords).not.toContain(SECRET);
  });

  it.each([
    ["host", { host: "localhost" }],
    ["username", { username: "someone-else" }],
  ])("a test with another %s does not use the saved password either", async (_what, change) => {
    await saveWithPassword();
    const res = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token: admin,
      body: { ...base(), ...change, to_email: "owner@clinica.example" },
    });
    expect(res.status).toBe(200);
    // The real server wants the password: without it the test cannot sign in.
    expect(res.body.data.success).toBe(false);
    expect(res.body.data.saved_password_used).toBe(false);
    expect(sink.messages).toHaveLength(0);
  });

  it("a test of the saved server still uses the saved password", async () => {
    await saveWithPassword();
    const res = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token: admin,
      body: { ...base(), host: "127.0.0.1", to_email: "owner@clinica.example" },
    });
    expect(res.body.data).toMatchObject({ success: true, saved_password_used: true });
    await sink.waitFor(1);
    expect(sink.messages[0]?.user).toBe("clinic");
  });

  it("saving another port without the password clears it and says so; later sends carry no password", async () => {
    await saveWithPassword();
    const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: { ...base(), port: collector.port },
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ has_password: false, password_cleared: true });
    expect(put.body.data.notice).toMatch(/password was removed/);

    const sent = await http.request("POST", "/api/v1/notifications/test", {
      token: admin,
      body: { to_email: "owner@clinica.example" },
    });
    expect(sent.status).toBe(200);
    expect(collector.passwords).not.toContain(SECRET);

    const got = await http.request("GET", "/api/v1/notifications/smtp-settings", { token: admin });
    expect(got.body.data.has_password).toBe(false);
  });

  it("saving the same server with the host in other letter case keeps the password", async () => {
    await saveWithPassword();
    const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: { ...base(), host: "127.0.0.1 ", from_name: "Otro nombre" },
    });
    expect(put.body.data).toMatchObject({ has_password: true, password_cleared: false });
  });

  it("saving another host together with its password keeps the new one", async () => {
    await saveWithPassword();
    const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: { ...base(), host: "localhost", password: "new-password" },
    });
    expect(put.body.data).toMatchObject({ has_password: true, password_cleared: false });
  });
});

describe("what GET answers can be PUT back", () => {
  it("takes the read-only fields of a GET or PUT answer and ignores them", async () => {
    await saveWithPassword();
    const got = await http.request("GET", "/api/v1/notifications/smtp-settings", { token: admin });
    const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: { ...got.body.data, from_name: "Renamed", is_verified: true, has_password: false },
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ from_name: "Renamed", is_verified: false, has_password: true });
  });
});
