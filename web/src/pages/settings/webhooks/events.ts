import type { WebhookEndpoint } from "../../../api/types.js";

/** The events an endpoint may subscribe to, as the server's schema lists them. */
export type WebhookEvent = WebhookEndpoint["event_types"][number];

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  "email.sent",
  "email.failed",
  "email.skipped",
  "patient.unsubscribed",
  "patient.preferences_changed",
  "appointment.confirmed_by_patient",
  "appointment.cancellation_requested",
];
