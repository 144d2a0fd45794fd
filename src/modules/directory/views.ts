import { iso } from "../../http/schemas.js";
import type { Appointment } from "./appointments-repo.js";
import type { Budget } from "./budgets-repo.js";
import type { EmailBounce } from "./patient-bounces.js";
import type { Patient } from "./patients-repo.js";
import type { Professional } from "./professionals-repo.js";

/** A patient, with whether their address is on the clinic's suppression list (see bouncesOf). */
export const patientView = (p: Patient, bounce?: EmailBounce) => ({
  id: p.id,
  first_name: p.firstName,
  last_name: p.lastName,
  email: p.email,
  phone: p.phone,
  preferred_locale: p.preferredLocale,
  email_bounced_at: iso(bounce?.bouncedAt ?? null),
  email_bounce_reply: bounce?.reply ?? null,
  created_at: iso(p.createdAt),
  updated_at: iso(p.updatedAt),
});

export const professionalView = (p: Professional) => ({
  id: p.id,
  first_name: p.firstName,
  last_name: p.lastName,
  email: p.email,
  created_at: iso(p.createdAt),
});

export const appointmentView = (a: Appointment, patientName?: string, professionalName?: string | null) => ({
  id: a.id,
  patient_id: a.patientId,
  patient_name: patientName ?? null,
  professional_id: a.professionalId,
  professional_name: professionalName ?? null,
  start_time: iso(a.startTime),
  duration_minutes: a.durationMinutes,
  reason: a.reason,
  status: a.status as "scheduled" | "cancelled",
  cancel_reason: a.cancelReason,
  patient_response: a.patientResponse,
  patient_responded_at: iso(a.patientRespondedAt),
  created_at: iso(a.createdAt),
  updated_at: iso(a.updatedAt),
});

export const budgetView = (b: Budget, patientName?: string) => ({
  id: b.id,
  patient_id: b.patientId,
  patient_name: patientName ?? null,
  budget_number: b.budgetNumber,
  total: b.total,
  currency: b.currency,
  items: b.items,
  status: b.status as "draft" | "sent" | "accepted",
  sent_at: iso(b.sentAt),
  accepted_at: iso(b.acceptedAt),
  created_at: iso(b.createdAt),
});
