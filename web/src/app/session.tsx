// Who is logged in, and the API client bound to their token. The token lives in
// sessionStorage: it is gone when the tab closes, and survives a reload.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { type Api, createApi } from "../api/client.js";
import { createHttp } from "../api/http.js";
import type { Session } from "../api/types.js";
import { hasPermission, type Permission } from "../lib/permissions.js";

const STORAGE_KEY = "dentalpin.session";

function readStored(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function store(session: Session | null): void {
  if (session) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else window.sessionStorage.removeItem(STORAGE_KEY);
}

interface SessionValue {
  session: Session | null;
  api: Api;
  login: (email: string, password: string) => Promise<void>;
  logout: () => void;
  can: (perm: Permission) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(readStored);
  const tokenRef = useRef<string | null>(session?.token ?? null);

  const update = useCallback((next: Session | null) => {
    tokenRef.current = next?.token ?? null;
    store(next);
    setSession(next);
  }, []);

  const logout = useCallback(() => update(null), [update]);

  const api = useMemo(
    () =>
      createApi(
        createHttp({
          baseUrl: "/api/v1",
          getToken: () => tokenRef.current,
          onUnauthorized: () => update(null),
        }),
      ),
    [update],
  );

  // Refresh the user and clinic once after a reload: roles or the clinic may have changed.
  const initialToken = useRef(session?.token);
  useEffect(() => {
    const token = initialToken.current;
    if (!token) return;
    api.me().then(
      ({ user, clinic }) => {
        if (tokenRef.current === token) update({ token, user, clinic });
      },
      () => undefined, // a 401 already logged out; other errors keep the stored session
    );
  }, [api, update]);

  const login = useCallback(
    async (email: string, password: string) => {
      const s = await api.login(email, password);
      update({ token: s.token, expires_at: s.expires_at, user: s.user, clinic: s.clinic });
    },
    [api, update],
  );

  const can = useCallback(
    (perm: Permission) => hasPermission(session?.user.permissions ?? [], perm),
    [session],
  );

  const value = useMemo(() => ({ session, api, login, logout, can }), [session, api, login, logout, can]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}

/** For screens behind the login: the session is known to exist there. */
export function useAuthed() {
  const ctx = useSession();
  if (!ctx.session) throw new Error("useAuthed without a session");
  return { ...ctx, session: ctx.session, clinic: ctx.session.clinic, user: ctx.session.user };
}
