import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderSettings } from "../../../src/core/email/index.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";
import { AUTH, closedPort, message, rowsSource, service, smtpTo, until } from "./smtp-fixtures.js";

let starttls: SmtpSink;
let ssl: SmtpSink;
const rows: Record<string, ProviderSettings> = {};
const svc = service(rowsSource(rows));

beforeAll(async () => {
  [starttls, ssl] = await Promise.all([
    startSmtpSink({
      auth: AUTH,
      respond: ({ rcpt }) =>
        rcpt.startsWith("greylist@")
          ? { code: 451, message: "4.7.1 Greylisted, try again later" }
          : rcpt.startsWith("nobody@")
            ? { code: 550, message: "5.1.1 No such user" }
            : null,
    }),
    startSmtpSink({ auth: AUTH, secure: true }),
  ]);
  rows.tls = { provider: "smtp", smtp: smtpTo(starttls) };
  rows.ssl = { provider: "smtp", smtp: smtpTo(ssl, { useTls: false, useSsl: true }) };
});
afterAll(async () => {
  await svc.close();
  await Promise.all([starttls.close(), ssl.close()]);
});

describe("EmailService.send over SMTP", () => {
  it("delivers over STARTTLS with AUTH: From, Subject, both parts and an attachment", async () => {
    const before = starttls.messages.length;
    const r = await svc.send(
      {
        ...message,
        attachments: [
          { filename: "cita.ics", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", method: "REQUEST" },
        ],
      },
      { clinicId: "tls" },
    );
    expect(r).toMatchObject({
      isSuccess: true,
      provider: "smtp",
      failure: null,
      errorMessage: null,
      smtpCode: null,
    });
    const [mail] = (await starttls.waitFor(before + 1)).slice(before);
    expect(mail!.secure).toBe(true);
    expect(mail!.user).toBe(AUTH.user);
    expect(mail!.from?.value).toEqual([{ name: "Clínica Sonrisas", address: "citas@clinica.example.com" }]);
    expect(mail!.to).toMatchObject({ value: [{ name: "Ana García", address: "ana@example.com" }] });
    expect(mail!.subject).toBe("Confirmación de su cita");
    expect(mail!.text?.trim()).toBe(message.bodyText);
    expect(mail!.html).toContain("<b>martes 1 de diciembre</b>");
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]).toMatchObject({ filename: "cita.ics", contentType: "text/calendar" });
    expect(mail!.attachments[0]!.content.toString()).toContain("BEGIN:VCALENDAR");
    expect(mail!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(mail!.headers.get("message-id")).toBe(r.messageId);
  });

  it("delivers over implicit TLS (SSL)", async () => {
    const r = await svc.send(message, { clinicId: "ssl" });
    expect(r.isSuccess).toBe(true);
    const [mail] = await ssl.waitFor(1);
    expect(mail!.secure).toBe(true);
    expect(mail!.subject).toBe(message.subject);
  });

  it("reuses one pooled connection for consecutive sends", async () => {
    const opened = ssl.connections;
    for (let i = 0; i < 3; i++) expect((await svc.send(message, { clinicId: "ssl" })).isSuccess).toBe(true);
    expect(ssl.connections).toBe(opened);
  });

  it("spreads concurrent sends over at most five pooled connections", async () => {
    const opened = ssl.connections;
    const before = ssl.messages.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        svc.send({ ...message, subject: `Aviso ${i}` }, { clinicId: "ssl" }),
      ),
    );
    expect(results.every((r) => r.isSuccess)).toBe(true);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(20);
    await ssl.waitFor(before + 20);
    expect(ssl.connections - opened).toBeLessThanOrEqual(4);
  });

  it("closes the transport when the clinic's settings change or are invalidated", async () => {
    expect((await svc.send(message, { clinicId: "ssl" })).isSuccess).toBe(true);
    const opened = ssl.connections;
    svc.invalidate("ssl");
    await until(() => ssl.openConnections === 0, "the invalidated transport to close");
    expect((await svc.send(message, { clinicId: "ssl" })).isSuccess).toBe(true);
    expect(ssl.connections).toBe(opened + 1);
    // A new password is a new transport, without anyone calling invalidate().
    rows.ssl = { provider: "smtp", smtp: smtpTo(ssl, { useTls: false, useSsl: true, password: "wrong" }) };
    const r = await svc.send(message, { clinicId: "ssl" });
    expect(r).toMatchObject({ isSuccess: false, failure: "permanent", smtpCode: 535 });
    expect(r.errorMessage).toMatch(/^authentication failed: .*app password/);
    rows.ssl = { provider: "smtp", smtp: smtpTo(ssl, { useTls: false, useSsl: true }) };
    expect((await svc.send(message, { clinicId: "ssl" })).isSuccess).toBe(true);
  });

  it("classifies a 451 reply as transient and a 550 as permanent", async () => {
    const grey = await svc.send({ ...message, to: "greylist@example.com" }, { clinicId: "tls" });
    expect(grey).toMatchObject({ isSuccess: false, failure: "transient", smtpCode: 451, messageId: null });
    expect(grey.errorMessage).toMatch(/try again later \(451 4\.7\.1 Greylisted/);
    const gone = await svc.send({ ...message, to: "nobody@example.com" }, { clinicId: "tls" });
    expect(gone).toMatchObject({ isSuccess: false, failure: "permanent", smtpCode: 550 });
    expect(gone.errorMessage).toMatch(/refused the recipient address \(550 5\.1\.1 No such user\)/);
    // The connection survives a rejected recipient.
    expect((await svc.send(message, { clinicId: "tls" })).isSuccess).toBe(true);
  });

  it("classifies a refused connection as transient, at the connect step", async () => {
    rows.closed = { provider: "smtp", smtp: smtpTo(starttls, { port: await closedPort() }) };
    const r = await svc.send(message, { clinicId: "closed" });
    expect(r).toMatchObject({ isSuccess: false, failure: "transient", smtpCode: null, provider: "smtp" });
    expect(r.errorMessage).toMatch(/connection was refused/);
  });

  it("recovers when the relay goes down and comes back", async () => {
    expect((await svc.send(message, { clinicId: "tls" })).isSuccess).toBe(true);
    await starttls.stop();
    const down = await svc.send(message, { clinicId: "tls" });
    expect(down).toMatchObject({ isSuccess: false, failure: "transient" });
    await starttls.start();
    const up = await svc.send(message, { clinicId: "tls" });
    expect(up.isSuccess).toBe(true);
  });

  it("neutralises header injection through subject, names and custom headers", async () => {
    const before = starttls.messages.length;
    const evil = " x\r\nBcc: eve@example.com\r\nX-Evil: 1";
    const r = await svc.send(
      { ...message, subject: `Cita${evil}`, toName: `Ana${evil}`, headers: { "X-Clinic": `7${evil}` } },
      { clinicId: "tls" },
    );
    expect(r.isSuccess).toBe(true);
    const [mail] = (await starttls.waitFor(before + 1)).slice(before);
    expect(mail!.envelope.rcptTo).toEqual(["ana@example.com"]);
    expect(mail!.raw).not.toMatch(/^(Bcc|X-Evil):/im);
    expect(mail!.subject).toBe("Cita x Bcc: eve@example.com X-Evil: 1");
    expect(mail!.headers.get("x-clinic")).toBe("7 x Bcc: eve@example.com X-Evil: 1");
    const bad = await svc.send(
      { ...message, to: "ana@example.com\r\nBcc: eve@example.com" },
      { clinicId: "tls" },
    );
    expect(bad).toMatchObject({ isSuccess: false, failure: "permanent" });
    expect(starttls.messages.length).toBe(before + 1);
  });

  it("uses a Message-ID given in the headers as the message id", async () => {
    const id = "<log-42@dentalpin.example>";
    const r = await svc.send({ ...message, headers: { "Message-ID": id } }, { clinicId: "ssl" });
    expect(r.messageId).toBe(id);
    const last = await ssl.waitFor(ssl.messages.length);
    expect(last.at(-1)!.headers.get("message-id")).toBe(id);
  });
});
