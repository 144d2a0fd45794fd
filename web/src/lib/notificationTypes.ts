// The seed's six notification types, used when the server's list cannot be read
// (the types endpoint may need a permission the user lacks).
import type { NotificationTypeInfo } from "../api/types.js";

export const BUILTIN_TYPES: NotificationTypeInfo[] = [
  { key: "appointment_confirmation", hours_before: false, manual_by_default: false, custom: false },
  { key: "appointment_reminder", hours_before: true, manual_by_default: false, custom: false },
  { key: "appointment_cancelled", hours_before: false, manual_by_default: false, custom: false },
  { key: "budget_sent", hours_before: false, manual_by_default: true, custom: false },
  { key: "budget_accepted", hours_before: false, manual_by_default: false, custom: false },
  { key: "welcome", hours_before: false, manual_by_default: true, custom: false },
];

/** Which record a type is sent from, to offer it in the right place. */
export type SendContext = "patient" | "appointment" | "budget";

export function sendContextOf(key: string): SendContext {
  if (key.startsWith("appointment_")) return "appointment";
  if (key.startsWith("budget_")) return "budget";
  return "patient";
}

/** "prescription_created" → "Prescription created", for custom types without a translation. */
export function humanize(key: string): string {
  const s = key.replace(/[_.-]+/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
