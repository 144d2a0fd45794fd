// Log filters live in the URL (?status=failed&page=2), so a filtered view can be linked to,
// e.g. from a patient's page, and survives a reload.
import type { LogFilters } from "../../../api/types.js";
import { nextDay, zonedInputToIso } from "../../../lib/datetime.js";

export interface FilterState {
  status: string;
  template_key: string;
  patient_id: string;
  from: string; // YYYY-MM-DD, clinic's calendar
  to: string;
  page: number;
}

export const PAGE_SIZE = 20;

export function filtersFromQuery(q: URLSearchParams): FilterState {
  const page = Number.parseInt(q.get("page") ?? "1", 10);
  return {
    status: q.get("status") ?? "",
    template_key: q.get("template_key") ?? "",
    patient_id: q.get("patient_id") ?? "",
    from: q.get("from") ?? "",
    to: q.get("to") ?? "",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function queryFromFilters(f: FilterState): string {
  const q = new URLSearchParams();
  for (const k of ["status", "template_key", "patient_id", "from", "to"] as const) if (f[k]) q.set(k, f[k]);
  if (f.page > 1) q.set("page", String(f.page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Dates are whole days on the clinic's calendar: from its first instant to the next day's. */
export function apiFilters(f: FilterState, timeZone: string): LogFilters {
  return {
    page: f.page,
    page_size: PAGE_SIZE,
    status: f.status || undefined,
    template_key: f.template_key || undefined,
    patient_id: f.patient_id || undefined,
    from: f.from ? (zonedInputToIso(`${f.from}T00:00`, timeZone) ?? undefined) : undefined,
    to: f.to ? (zonedInputToIso(nextDay(f.to), timeZone) ?? undefined) : undefined,
  };
}
