/** The directory's HTTP face: its routes, for src/http/server.ts. */
export { registerAuthRoutes } from "./auth-routes.js";
export { registerClinicRoutes } from "./clinic-routes.js";
export { registerDirectoryRoutes } from "./directory-routes.js";
