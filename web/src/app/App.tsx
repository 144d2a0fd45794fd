import type { ReactNode } from "react";
import { I18nProvider, useI18n } from "../i18n/context.js";
import { LoginPage } from "../pages/LoginPage.js";
import { CatalogueProvider } from "./catalogue.js";
import { Header } from "./Header.js";
import { Routes } from "./Routes.js";
import { SessionProvider, useSession } from "./session.js";
import { ToastProvider } from "./toast.js";

function WithLocale({ children }: { children: ReactNode }) {
  const { session } = useSession();
  return <I18nProvider clinicLocale={session?.clinic.default_locale ?? null}>{children}</I18nProvider>;
}

function Shell() {
  const { session } = useSession();
  const { t } = useI18n();
  if (!session) return <LoginPage />;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("header.skip")}
      </a>
      <CatalogueProvider>
        <Header />
        <main id="main" className="app-main" tabIndex={-1}>
          <Routes />
        </main>
      </CatalogueProvider>
    </>
  );
}

export function App() {
  return (
    <SessionProvider>
      <WithLocale>
        <ToastProvider>
          <Shell />
        </ToastProvider>
      </WithLocale>
    </SessionProvider>
  );
}
