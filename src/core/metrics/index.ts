/** The public face of core/metrics/: what code outside this folder may import. */
export { isLoopback, type MetricsAccess, metricsAccess } from "./access.js";
export {
  type EmailOutcome,
  METRIC_NAMES,
  type Metrics,
  RegistryMetrics,
  type WebhookOutcome,
} from "./metrics.js";
export {
  readTableSnapshot,
  registerTableGauges,
  TABLE_GAUGE_NAMES,
  type TableSnapshot,
} from "./table-gauges.js";
