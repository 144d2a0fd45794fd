// A patient who unsubscribed themselves: when and how is kept, and staff turn email back on
// only with an explicit confirmation, which records who did it and when.
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../src/core/auth/passwords.js";
import { createUser } from "../../../src/modules/directory/index.js";
import { createTestClinic, drain } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let staff: string;
let userId: string;
let clinicId: string;

const prefsPath = (id: string) => `/api/v1/notifications/preferences/patient/${id}`;

async function patient(name: string) {
  const p = await http.request("POST", "/api/v1/patients", {
    token: staff,
    body: { first_name: name, email: `${name.toLowerCase()}@example.com` },
  });
  const link = await t.app.tokens.signPatientLink(clinicId, p.body.data.id, 3600);
  return { id: p.body.data.id as string, link };
}

const form = (rawBody: string) => ({
  rawBody,
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

const { t, http } = serveTestApp();

beforeAll(async () => {
  ({ clinicId } = await createTestClinic(t.app));
  const user = await createUser(t.app.database.db, {
    clinicId,
    email: "recepcion@resubscribe.example",
    passwordHash: await hashPassword("a-long-password"),
    role: "receptionist",
  });
  userId = user.id;
  staff = await t.app.tokens.signAccess({ clinicId, userId, role: "receptionist", ttlSeconds: 3600 });
});

describe("re-enabling a patient who unsubscribed", () => {
  it("one-click unsubscribe records when and how; re-enabling needs confirm_resubscribe and records who", async () => {
    const p = await patient("Ursula");
    const fresh = await http.request("GET", prefsPath(p.id), { token: staff });
    expect(fresh.body.data).toMatchObject({
      email_enabled: true,
      unsubscribed_at: null,
      unsubscribed_via: null,
      resubscribed_at: null,
      resubscribed_by: null,
    });
    const before = Date.now();
    expect(
      (await http.request("POST", `/p/unsubscribe/${p.link}`, form("List-Unsubscribe=One-Click"))).status,
    ).toBe(200);
    const off = (await http.request("GET", prefsPath(p.id), { token: staff })).body.data;
    expect(off).toMatchObject({ email_enabled: false, unsubscribed_via: "one_click", resubscribed_at: null });
    expect(Date.parse(off.unsubscribed_at)).toBeGreaterThanOrEqual(before - 1000);

    const refused = await http.request("PUT", prefsPath(p.id), {
      token: staff,
      body: { email_enabled: true },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(["confirm_resubscribe"]);
    expect((await http.request("GET", prefsPath(p.id), { token: staff })).body.data.email_enabled).toBe(
      false,
    );

    // Other changes for the unsubscribed patient need no confirmation.
    const other = await http.request("PUT", prefsPath(p.id), {
      token: staff,
      body: { preferences: { welcome: false } },
    });
    expect(other.status).toBe(200);
    expect(other.body.data.email_enabled).toBe(false);

    const on = await http.request("PUT", prefsPath(p.id), {
      token: staff,
      body: { email_enabled: true, confirm_resubscribe: true },
    });
    expect(on.status).toBe(200);
    expect(on.body.data).toMatchObject({
      email_enabled: true,
      unsubscribed_via: "one_click",
      unsubscribed_at: off.unsubscribed_at,
      resubscribed_by: userId,
    });
    expect(Date.parse(on.body.data.resubscribed_at)).toBeGreaterThanOrEqual(Date.parse(off.unsubscribed_at));
    expect((await http.request("GET", prefsPath(p.id), { token: staff })).body.data).toEqual(on.body.data);

    // Turned off by staff and on again: the patient did not ask, so no confirmation is needed.
    await http.request("PUT", prefsPath(p.id), { token: staff, body: { email_enabled: false } });
    const again = await http.request("PUT", prefsPath(p.id), { token: staff, body: { email_enabled: true } });
    expect(again.status).toBe(200);
  });

  it("the preferences page and the unsubscribe page's button record 'page'; the patient may turn email on again", async () => {
    const p = await patient("Pedro");
    await http.request("POST", `/p/unsubscribe/${p.link}`, form(""));
    expect((await http.request("GET", prefsPath(p.id), { token: staff })).body.data.unsubscribed_via).toBe(
      "page",
    );

    const q = await patient("Paula");
    await http.request(
      "POST",
      `/p/preferences/${q.link}`,
      form(new URLSearchParams({ type_welcome: "on" }).toString()),
    );
    const off = (await http.request("GET", prefsPath(q.id), { token: staff })).body.data;
    expect(off).toMatchObject({ email_enabled: false, unsubscribed_via: "page" });
    await http.request(
      "POST",
      `/p/preferences/${q.link}`,
      form(new URLSearchParams({ email_enabled: "on" }).toString()),
    );
    const back = (await http.request("GET", prefsPath(q.id), { token: staff })).body.data;
    expect(back).toMatchObject({ email_enabled: true, resubscribed_by: null });
    expect(back.resubscribed_at).not.toBeNull();
    await drain(t.app);
  });
});
