import type { NotificationTypeInfo } from "../api/types.js";
import { useCatalogue } from "./catalogue.js";

/** The clinic's notification types, as the server lists them (see catalogue.tsx). */
export function useNotificationTypes(): { types: NotificationTypeInfo[]; loading: boolean } {
  const { types, loading } = useCatalogue();
  return { types, loading };
}
