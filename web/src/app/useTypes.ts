import type { NotificationTypeInfo } from "../api/types.js";
import { BUILTIN_TYPES } from "../lib/notificationTypes.js";
import { useAsync } from "../lib/useAsync.js";
import { useAuthed } from "./session.js";

/** The clinic's notification types; the seed's six when the list cannot be read. */
export function useNotificationTypes(): { types: NotificationTypeInfo[]; loading: boolean } {
  const { api } = useAuthed();
  const { data, loading } = useAsync(() => api.types().catch(() => BUILTIN_TYPES), [api]);
  return { types: data ?? BUILTIN_TYPES, loading };
}
