/** The webhooks module's HTTP face, for src/http/. */
export { registerWebhookRoutes } from "./routes.js";
