// Bounced addresses as staff meet them: on the patient, in the log, in the clinic's list of
// suppressed addresses (search, add, remove, CSV), and gone once the address is fixed.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, drain, pointClinicAtSink, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

let sink: SmtpSink;
let clinicId: string;
let staff: string;
let otherClinic: string;
/** Addresses the relay refuses (until the test "fixes" them by taking them out). */
const gone = new Set<string>();
let nextReply = "";

const API = "/api/v1";
const SUPP = `${API}/notifications/suppressions`;
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@example.com`;

const { t, http } = serveTestApp();

beforeAll(async () => {
  sink = await startSmtpSink({
    respond: ({ rcpt }) =>
      gone.has(rcpt) ? { code: 550, message: nextReply || `5.1.1 <${rcpt}>: user unknown` } : null,
  });
  ({ clinicId } = await createTestClinic(t.app));
  await pointClinicAtSink(t.app, clinicId, sink.port);
  staff = await tokenFor(t.app, clinicId, "receptionist");
  otherClinic = await tokenFor(t.app, (await createTestClinic(t.app)).clinicId, "admin");
});
afterAll(async () => {
  await sink?.close();
});

async function patientWith(email: string) {
  const res = await http.request("POST", `${API}/patients`, {
    token: staff,
    body: { first_name: "Ana", email },
  });
  expect(res.status).toBe(201);
  await drain(t.app);
  return res.body.data.id as string;
}

/** A welcome email sent by hand from the patient's page (manual: no sending window). */
async function sendWelcome(patientId: string) {
  const res = await http.request("POST", `${API}/notifications/send`, {
    token: staff,
    body: { notification_type: "welcome", patient_id: patientId },
  });
  expect(res.status).toBe(200);
  await drain(t.app);
  return (await http.request("GET", `${API}/notifications/logs/${res.body.data.log_id}`, { token: staff }))
    .body.data;
}

async function bounced(email: string) {
  gone.add(email);
  const patientId = await patientWith(email);
  const log = await sendWelcome(patientId);
  expect(log.status).toBe("failed");
  return { patientId, log };
}

describe("a bounced address, as staff see it", () => {
  it("shows on the patient, the log and the list; 'address fixed? try again' takes it off and resends", async () => {
    const email = unique("gone");
    const { patientId, log } = await bounced(email);
    const reply = `550 5.1.1 <${email}>: user unknown`;

    const patient = (await http.request("GET", `${API}/patients/${patientId}`, { token: staff })).body.data;
    expect(patient.email_bounce_reply).toBe(reply);
    expect(Date.parse(patient.email_bounced_at)).not.toBeNaN();
    const listed = await http.request("GET", `${API}/patients?q=${encodeURIComponent(email)}`, {
      token: staff,
    });
    expect(listed.body.data[0]).toMatchObject({ id: patientId, email_bounce_reply: reply });

    expect(log.recipient_suppression).toMatchObject({ email, reason: "bounce", smtp_reply: reply });
    const list = await http.request("GET", `${SUPP}?email=${encodeURIComponent(email.toUpperCase())}`, {
      token: staff,
    });
    expect(list.body).toMatchObject({ total: 1, data: [{ email, reason: "bounce", smtp_reply: reply }] });
    const suppression = list.body.data[0];
    expect(suppression).toMatchObject({ patient_id: patientId, email_log_id: log.id });

    // Sent again by hand before the fix: skipped, the relay is not asked.
    expect((await sendWelcome(patientId)).error_message).toBe("email_bouncing");

    // The patient's mailbox exists again; staff take the address off the list and resend.
    gone.delete(email);
    const removed = await http.request("DELETE", `${SUPP}/${suppression.id}`, { token: staff });
    expect(removed.status).toBe(204);
    const retry = await http.request("POST", `${API}/notifications/logs/${log.id}/retry`, { token: staff });
    expect(retry.status).toBe(200);
    await drain(t.app);
    const after = await http.request("GET", `${API}/notifications/logs/${log.id}`, { token: staff });
    expect(after.body.data).toMatchObject({ status: "sent", recipient_suppression: null });
    const fixed = (await http.request("GET", `${API}/patients/${patientId}`, { token: staff })).body.data;
    expect(fixed).toMatchObject({ email_bounced_at: null, email_bounce_reply: null });
    expect((await http.request("DELETE", `${SUPP}/${suppression.id}`, { token: staff })).status).toBe(404);
  });

  it("a new address for the patient releases the old one, unless another patient still has it", async () => {
    const alone = unique("alone");
    const a = await bounced(alone);
    const patched = await http.request("PATCH", `${API}/patients/${a.patientId}`, {
      token: staff,
      body: { email: unique("new") },
    });
    expect(patched.body.data).toMatchObject({ email_bounced_at: null });
    expect((await http.request("GET", `${SUPP}?email=${alone}`, { token: staff })).body.total).toBe(0);

    const shared = unique("shared");
    const first = await bounced(shared);
    const second = await patientWith(shared.toUpperCase());
    await http.request("PATCH", `${API}/patients/${first.patientId}`, {
      token: staff,
      body: { email: unique("new") },
    });
    // Still listed: emails to the other patient would bounce too.
    expect((await http.request("GET", `${SUPP}?email=${shared}`, { token: staff })).body.total).toBe(1);
    const other = (await http.request("GET", `${API}/patients/${second}`, { token: staff })).body.data;
    expect(other.email_bounce_reply).toMatch(/^550 5\.1\.1/);
    await http.request("PATCH", `${API}/patients/${second}`, {
      token: staff,
      body: { email: unique("new") },
    });
    expect((await http.request("GET", `${SUPP}?email=${shared}`, { token: staff })).body.total).toBe(0);
  });
});

describe("the clinic's list of suppressed addresses", () => {
  it("staff add an address by hand (stored lower-case), search it, and a second add is a conflict", async () => {
    const email = unique("Manual");
    const added = await http.request("POST", SUPP, { token: staff, body: { email } });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ email: email.toLowerCase(), reason: "manual", smtp_reply: null });
    const again = await http.request("POST", SUPP, { token: staff, body: { email: email.toLowerCase() } });
    expect(again.status).toBe(409);
    const found = await http.request("GET", `${SUPP}?q=${encodeURIComponent(email.slice(0, 12))}`, {
      token: staff,
    });
    expect(found.body.data.map((s: { email: string }) => s.email)).toContain(email.toLowerCase());

    // A listed address is skipped for every email, whoever sends it.
    const patientId = await patientWith(email);
    expect((await sendWelcome(patientId)).error_message).toBe("email_bouncing");
  });

  it("names the bad field, refuses a patient of another clinic, and keeps clinics apart", async () => {
    const bad = await http.request("POST", SUPP, { token: staff, body: { email: "not an address" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("email");
    const foreignPatient = (
      await http.request("POST", `${API}/patients`, { token: otherClinic, body: { first_name: "Zoe" } })
    ).body.data.id;
    const cross = await http.request("POST", SUPP, {
      token: staff,
      body: { email: unique("x"), patient_id: foreignPatient },
    });
    expect(cross.status).toBe(404);

    const mine = (await http.request("POST", SUPP, { token: staff, body: { email: unique("mine") } })).body
      .data;
    expect(
      (await http.request("GET", `${SUPP}?email=${mine.email}`, { token: otherClinic })).body.total,
    ).toBe(0);
    expect((await http.request("DELETE", `${SUPP}/${mine.id}`, { token: otherClinic })).status).toBe(404);
    expect((await http.request("GET", `${SUPP}?email=${mine.email}`, { token: staff })).body.total).toBe(1);
  });

  it("needs notifications.suppressions.read to read and .write to change", async () => {
    const logsOnly = await tokenFor(t.app, clinicId, null, ["notifications.logs.read"]);
    expect((await http.request("GET", SUPP, { token: logsOnly })).status).toBe(403);
    expect((await http.request("GET", `${SUPP}.csv`, { token: logsOnly })).status).toBe(403);
    const readOnly = await tokenFor(t.app, clinicId, null, ["notifications.suppressions.read"]);
    expect((await http.request("GET", SUPP, { token: readOnly })).status).toBe(200);
    const denied = await http.request("POST", SUPP, { token: readOnly, body: { email: unique("ro") } });
    expect(denied.status).toBe(403);
  });

  it("exports CSV: quoted where needed, and a cell a spreadsheet would run as a formula is defused", async () => {
    const tag = randomUUID().slice(0, 6);
    const plus = `+1-${tag}@example.com`;
    const minus = `-2+${tag}@example.com`;
    for (const email of [plus, minus]) {
      expect((await http.request("POST", SUPP, { token: staff, body: { email } })).status).toBe(201);
    }
    const quoted = `q-${tag}@example.com`;
    nextReply = `5.1.1 <${quoted}>: "Unknown", user; =HYPERLINK("http://x")`;
    await bounced(quoted);
    nextReply = "";

    const res = await http.request("GET", `${SUPP}.csv?q=${tag}`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    const lines = res.text.split("\r\n");
    expect(lines[0]).toBe("email,reason,smtp_reply,patient_id,email_log_id,created_at");
    expect(lines.at(-1)).toBe("");
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(3);
    // Sorted by address: '+…' and '-…' come before 'q-…'.
    expect(rows[0]).toMatch(new RegExp(`^'\\+1-${tag}@example\\.com,manual,,,,\\d{4}-`));
    expect(rows[1]).toMatch(new RegExp(`^'-2\\+${tag}@example\\.com,manual,,,,`));
    expect(rows[2]).toContain(
      `${quoted},bounce,"550 5.1.1 <${quoted}>: ""Unknown"", user; =HYPERLINK(""http://x"")",`,
    );
  });
});
