/**
 * What an endpoint can subscribe to: what became of emails, what patients changed or answered.
 * An endpoint with no event types hears all of them.
 */
export const WEBHOOK_EVENT_TYPES = [
  "email.sent",
  "email.failed",
  "email.skipped",
  "patient.unsubscribed",
  "patient.preferences_changed",
  "appointment.confirmed_by_patient",
  "appointment.cancellation_requested",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "send test event" only, whatever the endpoint subscribed to. */
export const TEST_EVENT_TYPE = "webhook.test";

/** The patients' answers: published on the event bus by the directory, delivered from its handler. */
export const BUS_EVENT_TYPES = [
  "appointment.confirmed_by_patient",
  "appointment.cancellation_requested",
] as const satisfies readonly WebhookEventType[];

export function isWebhookEventType(name: string): name is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(name);
}

/** Whether an endpoint subscribed to these types hears `name` (none listed: all of them). */
export function subscribes(eventTypes: readonly string[], name: string): boolean {
  return eventTypes.length === 0 || eventTypes.includes(name);
}
