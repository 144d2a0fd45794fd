import { describe, expect, it } from "vitest";
import { sampleContext } from "../../../src/core/templates/index.js";
import type { Clinic } from "../../../src/modules/directory/index.js";
import { clinicSample } from "../../../src/modules/notifications/delivery/index.js";

const clinic = (over: Partial<Clinic> = {}): Clinic => ({
  id: "c1",
  name: "Clínica Norte",
  timezone: "Europe/Madrid",
  defaultLocale: "es",
  email: "hola@norte.example",
  phone: "+34 911 111 111",
  address: "Calle Norte 3, Madrid",
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

describe("a preview's sample: the clinic's own data, a sample patient", () => {
  it("takes the clinic's name, address, phone, email and one of its professionals", () => {
    const out = clinicSample(sampleContext("appointment_reminder", "es"), clinic(), "Lucía Martín");
    expect(out).toMatchObject({
      clinic_name: "Clínica Norte",
      clinic_address: "Calle Norte 3, Madrid",
      clinic_phone: "+34 911 111 111",
      clinic_email: "hola@norte.example",
      professional_name: "Lucía Martín",
      patient_name: "María García López",
    });
    // Derived values are derived again (in the clinic's time zone) from what is kept.
    expect(out.start_time_formatted).toBeUndefined();
    expect(out.start_time).toBeTypeOf("string");
  });

  it("keeps the sample's value only for what the clinic lacks", () => {
    const sample = sampleContext("appointment_reminder", "es");
    const out = clinicSample(sample, clinic({ phone: null, address: "", email: null }), null);
    expect(out).toMatchObject({
      clinic_name: "Clínica Norte",
      clinic_phone: sample.clinic_phone,
      clinic_address: sample.clinic_address,
      clinic_email: sample.clinic_email,
      professional_name: sample.professional_name,
    });
  });

  it("adds no professional to a type whose sample has none", () => {
    const out = clinicSample(sampleContext("budget_sent", "es"), clinic(), "Lucía Martín");
    expect(out.professional_name).toBeUndefined();
  });
});
