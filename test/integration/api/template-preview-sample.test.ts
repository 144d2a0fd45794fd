// The template preview renders with the clinic's own name, contacts and one of its
// professionals (a sample patient), not with invented clinic data.
import { expect, it } from "vitest";
import { createClinic } from "../../../src/modules/directory/index.js";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

const N = "/api/v1/notifications";

const { t, http } = serveTestApp();

const draft = {
  template_key: "appointment_reminder",
  locale: "es",
  subject: "{{ clinic_name }}",
  body_html:
    "<p>{{ patient_name }} · {{ professional_name }} · {{ clinic_address }} · {{ clinic_phone }} · {{ clinic_email }}</p>",
};

it("shows the clinic's name, address, phone, email and one of its professionals", async () => {
  const c = await createTestClinic(t.app, { name: "Clínica Ribera" });
  const admin = await tokenFor(t.app, c.clinicId, "admin");
  const r = await http.request("POST", `${N}/templates/preview`, { token: admin, body: draft });
  expect(r.status).toBe(200);
  expect(r.body.data.subject).toBe("Clínica Ribera");
  expect(r.body.data.body_html).toContain(
    "María García López · Lucía Martín · Calle Mayor 1, Madrid · +34 910 000 000 · recepcion@clinica.example",
  );
  // The shipped template, as saved, shows the same clinic.
  const shipped = await http.request("POST", `${N}/templates/preview`, {
    token: admin,
    body: { template_key: "appointment_reminder", locale: "es" },
  });
  expect(shipped.body.data.body_html).toContain("Clínica Ribera");
  expect(shipped.body.data.body_html).toContain("Lucía Martín");
  expect(shipped.body.data.body_html).not.toContain("Sonrisa");
});

it("falls back to sample values only for what the clinic lacks", async () => {
  const clinic = await createClinic(t.app.database.db, {
    name: "Clínica Sin Datos",
    timezone: "Europe/Madrid",
  });
  const admin = await tokenFor(t.app, clinic.id, "admin");
  const r = await http.request("POST", `${N}/templates/preview`, { token: admin, body: draft });
  expect(r.status).toBe(200);
  expect(r.body.data.subject).toBe("Clínica Sin Datos");
  expect(r.body.data.body_html).toMatch(/María García López · Dra?\. \S+ Martín · Calle Mayor 12/);
});
