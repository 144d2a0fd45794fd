import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import {
  EmailMessageError,
  type ProviderSettings,
  SmtpHostRefusedError,
  SmtpSettingsError,
} from "../../../src/core/email/index.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";
import { testCertificate } from "../../support/tls.js";
import { AUTH, closedPort, message, rowsSource, service, smtpTo } from "./smtp-fixtures.js";

let starttls: SmtpSink;
let ssl: SmtpSink;
let noStarttls: SmtpSink;
const rows: Record<string, ProviderSettings> = {};
const svc = service(rowsSource(rows));

beforeAll(async () => {
  [starttls, ssl, noStarttls] = await Promise.all([
    startSmtpSink({ auth: AUTH }),
    startSmtpSink({ auth: AUTH, secure: true }),
    startSmtpSink({ auth: AUTH, starttls: false }),
  ]);
});
afterAll(async () => {
  await svc.close();
  await Promise.all([starttls.close(), ssl.close(), noStarttls.close()]);
});

describe("EmailService.verify (the SMTP test endpoints)", () => {
  it("connects, starts TLS and signs in", async () => {
    await expect(svc.verify(smtpTo(starttls))).resolves.toEqual({
      success: true,
      step: null,
      message: `connected to 127.0.0.1:${starttls.port}, started TLS and signed in`,
      smtpCode: null,
    });
    await expect(svc.verify(smtpTo(ssl, { useTls: false, useSsl: true }))).resolves.toMatchObject({
      success: true,
      message: `connected to 127.0.0.1:${ssl.port} over SSL and signed in`,
    });
  });

  it("sends a test email when asked to", async () => {
    const r = await svc.verify(smtpTo(starttls), { sendTestTo: "recepcion@example.com" });
    expect(r).toMatchObject({ success: true, step: null, smtpCode: null });
    expect(r.message).toMatch(/sent a test email to recepcion@example\.com$/);
    const [mail] = await starttls.waitFor(1);
    expect(mail!.headers.get("message-id")).toBe(r.messageId);
    expect(mail!.from?.text).toBe('"Clínica Sonrisas" <citas@clinica.example.com>');
    expect(mail!.subject).toBe("DentalPin: test email / correo de prueba");
    expect(mail!.text).toMatch(/your clinic's email settings work/);
  });

  it.each([
    [
      "a wrong password",
      () => smtpTo(starttls, { password: "nope" }),
      "auth",
      535,
      /^authentication failed: .*535.*app password/,
    ],
    [
      "no password for a username",
      () => smtpTo(starttls, { password: null }),
      "auth",
      null,
      /password is missing/,
    ],
    [
      "STARTTLS on an implicit-TLS port",
      () => smtpTo(ssl),
      "tls",
      null,
      () => `port ${ssl.port} expects SSL, not TLS: turn on SSL and turn off TLS`,
    ],
    [
      "SSL on a plain port",
      () => smtpTo(starttls, { useTls: false, useSsl: true }),
      "tls",
      null,
      () =>
        `port ${starttls.port} expects TLS (STARTTLS) or no encryption, not SSL: turn off SSL and turn on TLS`,
    ],
    [
      "TLS required, server without STARTTLS",
      () => smtpTo(noStarttls),
      "tls",
      500,
      /does not offer TLS \(STARTTLS\)/,
    ],
  ] as const)("reports %s in plain words", async (_n, settings, step, code, words) => {
    const r = await svc.verify(settings());
    expect(r).toMatchObject({ success: false, step, smtpCode: code });
    if (typeof words === "function") expect(r.message).toBe(words());
    else expect(r.message).toMatch(words);
  });

  it("reports a refused connection at the connect step", async () => {
    const port = await closedPort();
    const r = await svc.verify(smtpTo(starttls, { port }));
    expect(r).toMatchObject({ success: false, step: "connect", smtpCode: null });
    expect(r.message).toBe(
      `could not talk to 127.0.0.1:${port}: the connection was refused. Check the host and port, and that the mail server is running`,
    );
  });

  it("reports a server that wants a login when none is set, at the auth step", async () => {
    const r = await svc.verify(smtpTo(starttls, { username: "", password: null }), {
      sendTestTo: "a@example.com",
    });
    expect(r).toMatchObject({ success: false, step: "auth", smtpCode: 530 });
    expect(r.message).toMatch(/requires a username and password/);
  });

  it("throws typed 422 errors for impossible settings and bad test addresses", async () => {
    const both = await svc.verify(smtpTo(starttls, { useSsl: true })).catch((e) => e);
    expect(both).toBeInstanceOf(SmtpSettingsError);
    expect(both.status).toBe(422);
    expect(both.errors).toEqual([{ field: "use_ssl", message: expect.stringMatching(/cannot both be on/) }]);
    await expect(svc.verify(smtpTo(starttls), { sendTestTo: "not an address" })).rejects.toBeInstanceOf(
      EmailMessageError,
    );
  });

  it("verifies certificates by default, and checks them against the host name, not the IP", async () => {
    const strict = service(rowsSource(rows), { tls: undefined });
    const r = await strict.verify(smtpTo(starttls));
    expect(r).toMatchObject({ success: false, step: "tls" });
    expect(r.message).toMatch(/not trusted: it is self-signed/);
    // Trusting the certificate: "localhost" is resolved once, connected to by address, and the
    // certificate (CN=localhost) is checked against the name.
    const trusting = service(rowsSource(rows), {
      tls: { rejectUnauthorized: true, ca: testCertificate().cert },
    });
    await expect(trusting.verify(smtpTo(starttls, { host: "localhost" }))).resolves.toMatchObject({
      success: true,
    });
    await Promise.all([strict.close(), trusting.close()]);
  });
});

describe("SSRF guard on clinic settings", () => {
  const guarded = service(rowsSource(rows), { allowPrivateHosts: false });
  afterAll(() => guarded.close());

  it("refuses to verify or send to a loopback host, without connecting", async () => {
    const before = starttls.connections;
    await expect(guarded.verify(smtpTo(starttls))).rejects.toBeInstanceOf(SmtpHostRefusedError);
    await expect(guarded.verify(smtpTo(starttls, { host: "localhost" }))).rejects.toThrow(
      /"localhost" resolves to (127\.0\.0\.1|::1), a loopback address, which is not allowed/,
    );
    rows.loop = { provider: "smtp", smtp: smtpTo(starttls) };
    const r = await guarded.send(message, { clinicId: "loop" });
    expect(r).toMatchObject({ isSuccess: false, failure: "permanent", provider: "smtp" });
    expect(r.errorMessage).toMatch(/127\.0\.0\.1, a loopback address, which is not allowed/);
    expect(starttls.connections).toBe(before);
  });

  it("trusts the operator's global relay (EMAIL_* variables)", async () => {
    const global = loadConfig({
      EMAIL_SMTP_HOST: "127.0.0.1",
      EMAIL_SMTP_PORT: String(starttls.port),
      EMAIL_SMTP_USER: AUTH.user,
      EMAIL_SMTP_PASSWORD: AUTH.pass,
      EMAIL_FROM_ADDRESS: "noreply@dentalpin.example",
    }).email;
    const relay = service(rowsSource(rows), { allowPrivateHosts: false, global });
    const r = await relay.send(message, { clinicId: "no-row" });
    expect(r).toMatchObject({ isSuccess: true, provider: "smtp" });
    const all = await starttls.waitFor(starttls.messages.length);
    expect(all.at(-1)!.from?.text).toBe('"DentalPin" <noreply@dentalpin.example>');
    await relay.close();
  });
});
