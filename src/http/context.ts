import type { App } from "../app.js";
import type { InFlightLimiter } from "./in-flight-limiter.js";
import type { RateLimiter } from "./rate-limiter.js";

/** What every route registration receives: the composed app and the HTTP-only limits. */
export interface HttpContext {
  app: App;
  limits: {
    smtpTest: RateLimiter;
    login: RateLimiter;
    loginAccount: RateLimiter;
    /** Template renders (previews, trial renders of saved templates) in flight per clinic. */
    templateRenders: InFlightLimiter;
  };
}
