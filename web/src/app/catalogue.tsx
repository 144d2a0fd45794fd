// What the server says its notification types and skip reasons are (GET /notifications/types),
// read once per session and shared by every page: a type or reason a module registers on the
// server reaches the UI without a new build. Until it answers (or if it cannot), the UI uses the
// built-in list generated from the server at build time.
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { BUILT_IN_TYPES, SKIP_REASONS } from "../api/catalogue.js";
import type { NotificationTypeInfo, SkipReasonInfo } from "../api/types.js";
import { useAsync } from "../lib/useAsync.js";
import { useAuthed } from "./session.js";

export interface Catalogue {
  types: NotificationTypeInfo[];
  reasons: SkipReasonInfo[];
  loading: boolean;
}

const BUILT_IN: Catalogue = { types: BUILT_IN_TYPES, reasons: SKIP_REASONS, loading: false };

const CatalogueContext = createContext<Catalogue>(BUILT_IN);

export function CatalogueProvider({ children }: { children: ReactNode }) {
  const { api } = useAuthed();
  const { data, loading } = useAsync(() => api.catalogue().catch(() => null), [api]);
  const value = useMemo<Catalogue>(
    () => (data ? { ...data, loading: false } : { ...BUILT_IN, loading }),
    [data, loading],
  );
  return <CatalogueContext.Provider value={value}>{children}</CatalogueContext.Provider>;
}

export function useCatalogue(): Catalogue {
  return useContext(CatalogueContext);
}
