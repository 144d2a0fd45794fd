/** The public face of modules/notifications/delivery/: what code outside this folder may import. */
export { calendarWords, Delivery } from "./delivery.js";
export { manualSend } from "./manual-send.js";
export { buildRenderContext, clinicSample, withoutDerived } from "./render-context.js";
export { sendTestEmail, testEmailWords } from "./test-email.js";
export { EmailWorker } from "./worker.js";
