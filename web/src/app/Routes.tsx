import { useEffect } from "react";
import { Empty } from "../components/feedback.js";
import { useI18n } from "../i18n/context.js";
import { visibleSettingsTabs } from "../lib/permissions.js";
import { matchPath, navigate, useLocation } from "../lib/router.js";
import { usePageTitle } from "../lib/usePageTitle.js";
import { AppointmentsPage } from "../pages/appointments/AppointmentsPage.js";
import { BudgetsPage } from "../pages/budgets/BudgetsPage.js";
import { PatientPage } from "../pages/patients/PatientPage.js";
import { PatientsPage } from "../pages/patients/PatientsPage.js";
import { NotificationsSettings } from "../pages/settings/NotificationsSettings.js";
import { useAuthed } from "./session.js";

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function Routes() {
  const { path } = useLocation();
  const { user } = useAuthed();
  const tabs = visibleSettingsTabs(user.permissions);
  const home = tabs.length ? "/settings/notifications" : "/patients";

  if (path === "/" || path === "/login") return <Redirect to={home} />;
  if (path === "/settings/notifications") {
    return tabs[0] ? <Redirect to={`/settings/notifications/${tabs[0]}`} /> : <Redirect to="/patients" />;
  }
  const settings = matchPath("/settings/notifications/:tab", path);
  if (settings) return <NotificationsSettings tab={settings.tab ?? ""} />;
  if (path === "/patients") return <PatientsPage />;
  const patient = matchPath("/patients/:id", path);
  if (patient?.id) return <PatientPage id={patient.id} />;
  if (path === "/appointments") return <AppointmentsPage />;
  if (path === "/budgets") return <BudgetsPage />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  usePageTitle(t("title.notFound"));
  return <Empty title={t("common.notFoundPage")} />;
}
