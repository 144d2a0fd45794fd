import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES } from "../../../core/db/schema.js";
import { isoString } from "../../../http/responses.js";
import { iso } from "../../../http/schemas.js";
import type { DeliveryRow } from "../deliveries-repo.js";
import type { EndpointRow } from "../endpoints-repo.js";
import { WEBHOOK_EVENT_TYPES } from "../event-types.js";
import type { PostResult, RefusedAttempt } from "../sender.js";

export const endpointSchema = z
  .strictObject({
    id: z.string(),
    scope: z.enum(["clinic", "installation"]),
    url: z.string(),
    description: z.string(),
    event_types: z.array(z.enum(WEBHOOK_EVENT_TYPES)).describe("empty: every event"),
    enabled: z.boolean(),
    created_at: isoString,
    updated_at: isoString,
  })
  .meta({ id: "WebhookEndpoint", description: "Never contains the signing secret" });

export const endpointWithSecretSchema = endpointSchema
  .extend({
    secret: z.string().describe("whsec_…: shown now only; store it, it is never returned again"),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

export const deliverySchema = z
  .strictObject({
    id: z.string(),
    endpoint_id: z.string(),
    event_type: z.string(),
    message_id: z.string().describe("the webhook-id header: the same on every attempt and resend"),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    next_attempt_at: isoString.nullable().describe("when a pending delivery is tried next"),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable().describe("a short, plain-text excerpt of what went wrong"),
    delivered_at: isoString.nullable(),
    created_at: isoString,
    payload: z.record(z.string(), z.unknown()).describe("the body sent: type, timestamp, data"),
  })
  .meta({ id: "WebhookDelivery" });

export const testResultSchema = z
  .strictObject({
    success: z.boolean(),
    /** What happened, for a client to word: the receiver `accepted` (2xx) or `rejected` it, it was `unreachable`, or it was not sent. */
    code: z.enum([
      "accepted",
      "rejected",
      "unreachable",
      "url_refused",
      "endpoint_disabled",
      "secret_unreadable",
    ]),
    status_code: z.number().int().nullable(),
    /** The start of the receiver's own answer, as plain text. */
    excerpt: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: "WebhookTestResult" });

export const endpointView = (e: EndpointRow) => ({
  id: e.id,
  scope: e.clinicId === null ? ("installation" as const) : ("clinic" as const),
  url: e.url,
  description: e.description,
  event_types: e.eventTypes.filter((t): t is (typeof WEBHOOK_EVENT_TYPES)[number] =>
    (WEBHOOK_EVENT_TYPES as readonly string[]).includes(t),
  ),
  enabled: e.enabled,
  created_at: iso(e.createdAt),
  updated_at: iso(e.updatedAt),
});

export const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  endpoint_id: d.endpointId,
  event_type: d.eventType,
  message_id: d.messageId,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.status === "pending" ? iso(d.nextAttemptAt) : null,
  last_status_code: d.lastStatusCode,
  last_error: d.lastError,
  delivered_at: iso(d.deliveredAt),
  created_at: iso(d.createdAt),
  payload: d.payload,
});

export function testResultView(r: PostResult | RefusedAttempt) {
  if (r.kind === "response") {
    const ok = r.status >= 200 && r.status < 300;
    return {
      success: ok,
      code: ok ? ("accepted" as const) : ("rejected" as const),
      status_code: r.status,
      excerpt: r.excerpt || null,
      message: `HTTP ${r.status}${r.excerpt ? `: ${r.excerpt}` : ""}`,
    };
  }
  const code = r.kind === "refused" ? r.reason : ("unreachable" as const);
  return { success: false, code, status_code: null, excerpt: null, message: r.message };
}
