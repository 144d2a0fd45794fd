/** The public face of modules/notifications/suppressions/: addresses a clinic no longer sends to. */
export { suppressionsCsv } from "./csv.js";
export {
  addManualSuppression,
  allSuppressions,
  findSuppressedOf,
  findSuppressionsByEmail,
  listSuppressions,
  normaliseAddress,
  removeSuppression,
  type SuppressionFilters,
  type SuppressionRow,
  suppressedKey,
} from "./suppressions-repo.js";
