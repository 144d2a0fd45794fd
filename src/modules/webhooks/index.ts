/** The public face of modules/webhooks/: what code outside this folder may import. */
export { registerWebhookBusHandlers } from "./bus-handlers.js";
export {
  type DeliveryFilters,
  type DeliveryRow,
  listDeliveries,
  resendDelivery,
  WEBHOOKS_CHANNEL,
} from "./deliveries-repo.js";
export {
  type EndpointRow,
  type EndpointScope,
  replaceStoredSecret,
  storedSecrets,
} from "./endpoints-repo.js";
export { type EndpointInput, MAX_ENDPOINTS, WebhookEndpoints } from "./endpoints-service.js";
export {
  isWebhookEventType,
  TEST_EVENT_TYPE,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from "./event-types.js";
export { WebhookFanOut } from "./fan-out.js";
export type { PostResult } from "./sender.js";
export { generateSecret, sign, signedHeaders } from "./signing.js";
export { checkWebhookUrl, WebhookUrlRefusedError } from "./url-guard.js";
export { createWebhooks, type Webhooks, type WebhooksConfig } from "./webhooks.js";
export { WebhookWorker } from "./worker.js";
