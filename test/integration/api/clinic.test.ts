import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let admin: string;
let receptionist: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
  receptionist = await tokenFor(t.app, c.clinicId, "receptionist");
});

describe("the clinic's own settings", () => {
  it("an admin changes the clinic's language, and its emails follow", async () => {
    const before = await http.request("GET", "/api/v1/clinic", { token: receptionist });
    expect(before.body.data.default_locale).toBe("es");
    const patched = await http.request("PATCH", "/api/v1/clinic", {
      token: admin,
      body: { default_locale: "fr", timezone: "Europe/Paris" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ default_locale: "fr", timezone: "Europe/Paris" });
    expect(patched.body.data.name).toBe(before.body.data.name);
    // A patient whose language has no templates now gets the clinic's French.
    const eff = await http.request(
      "GET",
      "/api/v1/notifications/templates/effective?template_key=welcome&locale=de",
      { token: admin },
    );
    expect(eff.body.data.locale).toBe("fr");
  });

  it("refuses unknown languages and time zones, line breaks in names, and non-admins", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ default_locale: "xx" }, "default_locale"],
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ name: "Clínica\nBcc: x" }, "name"],
      [{ email: "not-an-email" }, "email"],
    ];
    for (const [body, field] of cases) {
      const res = await http.request("PATCH", "/api/v1/clinic", { token: admin, body });
      expect([field, res.status]).toEqual([field, 422]);
      expect(res.body.errors[0].field).toBe(field);
    }
    const denied = await http.request("PATCH", "/api/v1/clinic", {
      token: receptionist,
      body: { default_locale: "en" },
    });
    expect(denied.status).toBe(403);
  });
});
