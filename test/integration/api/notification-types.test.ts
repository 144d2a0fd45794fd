import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let token: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  token = await tokenFor(t.app, c.clinicId, "receptionist");
});

describe("GET /notifications/types", () => {
  it("names where each type is sent from, and every skip reason with its i18n key", async () => {
    const res = await http.request("GET", "/api/v1/notifications/types", { token });
    expect(res.status).toBe(200);
    expect(res.body.data).toContainEqual({
      key: "budget_sent",
      hours_before: false,
      manual_by_default: true,
      custom: false,
      patient_links: false,
      send_from: "budget",
    });
    expect(res.body.data.find((x: { key: string }) => x.key === "appointment_reminder").send_from).toBe(
      "appointment",
    );
    expect(res.body.reasons).toContainEqual({
      code: "manual_send_required",
      pattern: null,
      i18n_key: "reason.manual",
    });
    const family = res.body.reasons.find((r: { pattern: string | null }) => r.pattern);
    expect(new RegExp(family.pattern).exec("patient_opted_out_of_welcome")?.groups?.type).toBe("welcome");
  });
});
