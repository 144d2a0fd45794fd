import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../../../http/context.js";
import { registerLogRoutes } from "./logs.js";
import { registerPreferenceRoutes } from "./preferences.js";
import { registerSendRoutes } from "./send.js";
import { registerSettingsRoutes } from "./settings.js";
import { registerSmtpRoutes } from "./smtp-settings.js";
import { registerSystemTemplateRoutes } from "./system-templates.js";
import { registerTemplateRoutes } from "./templates.js";

/** Everything under /api/v1/notifications. */
export function registerNotificationRoutes(server: FastifyInstance, ctx: HttpContext): void {
  registerSmtpRoutes(server, ctx);
  registerSettingsRoutes(server, ctx);
  registerTemplateRoutes(server, ctx);
  registerSystemTemplateRoutes(server, ctx);
  registerPreferenceRoutes(server, ctx);
  registerLogRoutes(server, ctx);
  registerSendRoutes(server, ctx);
}
