import type { PatientResponse } from "../../core/db/schema.js";

/** The event each answer publishes (the platform decides what to do: e.g. whether to cancel). */
export const RESPONSE_EVENTS = {
  confirmed: "appointment.confirmed_by_patient",
  cancellation_requested: "appointment.cancellation_requested",
} as const satisfies Record<PatientResponse, string>;

/**
 * Whether `wanted` may replace the answer already given. A patient who confirmed may still say
 * they cannot come (the clinic needs that most); "I can't come" is final, because the platform
 * may already have given the slot away: after it, only the clinic can book again.
 */
export function mayAnswer(current: PatientResponse | null, wanted: PatientResponse): boolean {
  return current === null || (current === "confirmed" && wanted === "cancellation_requested");
}
