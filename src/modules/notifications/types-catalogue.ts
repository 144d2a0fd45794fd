import { SKIP_REASONS, type SkipReasonInfo } from "./skip-reasons.js";
import type { NotificationTypeDefinition, NotificationTypeRegistry } from "./type-registry.js";

export interface NotificationTypeInfo {
  key: string;
  hours_before: boolean;
  manual_by_default: boolean;
  custom: boolean;
  patient_links: boolean;
  send_from: "patient" | "appointment" | "budget";
}

/** Where a type is sent from: appointment types carry an invitation or say so in their key. */
function sendFrom(t: NotificationTypeDefinition): NotificationTypeInfo["send_from"] {
  if (t.calendar || t.key.startsWith("appointment_")) return "appointment";
  if (t.key.startsWith("budget_")) return "budget";
  return "patient";
}

/**
 * What GET /notifications/types answers: the types this process knows, and the reasons a log
 * gives for an email not sent. `npm run gen:api` writes the built-in answer into the web UI.
 */
export function typesCatalogue(registry: NotificationTypeRegistry): {
  data: NotificationTypeInfo[];
  reasons: SkipReasonInfo[];
} {
  return {
    data: registry.all().map((t) => ({
      key: t.key,
      hours_before: t.defaults.hours_before !== undefined,
      manual_by_default: !t.defaults.auto_send,
      custom: t.custom,
      patient_links: t.defaults.patient_links !== undefined,
      send_from: sendFrom(t),
    })),
    reasons: SKIP_REASONS,
  };
}
