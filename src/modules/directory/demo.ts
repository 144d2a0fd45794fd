import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { hashPassword } from "../../core/auth/passwords.js";
import type { Database } from "../../core/db/client.js";
import { clinics, users } from "../../core/db/schema.js";
import { createClinic } from "./clinics-repo.js";
import { insertPatient } from "./patients-repo.js";
import { insertProfessional } from "./professionals-repo.js";
import { createUser } from "./users-repo.js";

export const DEMO_CLINIC_NAME = "Clínica Dental Sonrisas (demo)";
export const DEMO_ADMIN_EMAIL = "admin@demo.dentalpin.local";

export interface DemoClinic {
  created: boolean;
  clinic_id: string;
  admin_email: string;
  /** Only when this call created the clinic; it is never stored in clear. */
  admin_password: string | null;
}

/**
 * A demo clinic (Spanish, Europe/Madrid) with an admin, two professionals and a few patients.
 * Patients are inserted directly, without events: seeding must not email anybody.
 */
export async function seedDemo(database: Database): Promise<DemoClinic> {
  const existing = await database.db.select().from(users).where(eq(users.email, DEMO_ADMIN_EMAIL));
  if (existing[0]) {
    return {
      created: false,
      clinic_id: existing[0].clinicId,
      admin_email: DEMO_ADMIN_EMAIL,
      admin_password: null,
    };
  }
  const password = randomBytes(9).toString("base64url");
  const passwordHash = await hashPassword(password);
  const clinicId = await database.db.transaction(async (tx) => {
    const clinic = await createClinic(tx, {
      name: DEMO_CLINIC_NAME,
      timezone: "Europe/Madrid",
      defaultLocale: "es",
      email: "recepcion@sonrisas.example",
      phone: "+34 910 000 000",
      address: "Calle Mayor 1, 28013 Madrid",
    });
    await createUser(tx, {
      clinicId: clinic.id,
      email: DEMO_ADMIN_EMAIL,
      passwordHash,
      role: "admin",
      firstName: "Admin",
      lastName: "Demo",
    });
    await insertProfessional(tx, {
      clinicId: clinic.id,
      firstName: "Lucía",
      lastName: "Martín",
      email: null,
    });
    await insertProfessional(tx, {
      clinicId: clinic.id,
      firstName: "Javier",
      lastName: "Ortega",
      email: null,
    });
    const patients = [
      ["María", "García López", "maria.garcia@example.com", "es"],
      ["Carlos", "Fernández Ruiz", "carlos.fernandez@example.com", "es"],
      ["Emma", "Wilson", "emma.wilson@example.com", "en"],
      ["Pablo", "Sánchez", null, "es"],
    ] as const;
    for (const [firstName, lastName, email, locale] of patients) {
      await insertPatient(tx, { clinicId: clinic.id, firstName, lastName, email, preferredLocale: locale });
    }
    return clinic.id;
  });
  return { created: true, clinic_id: clinicId, admin_email: DEMO_ADMIN_EMAIL, admin_password: password };
}

export async function hasAnyClinic(database: Database): Promise<boolean> {
  const rows = await database.db.select({ id: clinics.id }).from(clinics).limit(1);
  return rows.length > 0;
}
