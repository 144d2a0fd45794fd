import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../../../http/context.js";
import { registerLogRoutes } from "./logs-routes.js";
import { registerPreferenceRoutes } from "./preferences-routes.js";
import { registerSendRoutes } from "./send-routes.js";
import { registerSettingsRoutes } from "./settings-routes.js";
import { registerSmtpRoutes } from "./smtp-settings-routes.js";
import { registerSuppressionRoutes } from "./suppressions-routes.js";
import { registerSystemTemplateRoutes } from "./system-templates-routes.js";
import { registerTemplateRoutes } from "./templates-routes.js";

/** Everything under /api/v1/notifications. */
export function registerNotificationRoutes(server: FastifyInstance, ctx: HttpContext): void {
  registerSmtpRoutes(server, ctx);
  registerSettingsRoutes(server, ctx);
  registerTemplateRoutes(server, ctx);
  registerSystemTemplateRoutes(server, ctx);
  registerPreferenceRoutes(server, ctx);
  registerLogRoutes(server, ctx);
  registerSendRoutes(server, ctx);
  registerSuppressionRoutes(server, ctx);
}
