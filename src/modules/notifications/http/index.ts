/** The notifications module's HTTP face: its routes and pages, for src/http/. */
export { registerEventRoutes } from "./events-routes.js";
export { registerNotificationRoutes } from "./notification-routes.js";
export { patientPageCsp } from "./patient-page-html.js";
export { registerPatientPages } from "./patient-pages.js";
