// Settings > Notifications: one tab per area, each shown only to users allowed to read it.
import { useAuthed } from "../../app/session.js";
import { Empty } from "../../components/feedback.js";
import { useI18n } from "../../i18n/context.js";
import { type SettingsTab, visibleSettingsTabs } from "../../lib/permissions.js";
import { Link } from "../../lib/router.js";
import { usePageTitle } from "../../lib/usePageTitle.js";
import { ClinicLanguageCard } from "./ClinicLanguageCard.js";
import { LogsTab } from "./logs/LogsTab.js";
import { SendWindowCard } from "./SendWindowCard.js";
import { SmtpTab } from "./smtp/SmtpTab.js";
import { SuppressionsTab } from "./suppressions/SuppressionsTab.js";
import { TypesTab } from "./TypesTab.js";
import { TemplatesTab } from "./templates/TemplatesTab.js";
import { WebhooksTab } from "./webhooks/WebhooksTab.js";

const LABELS = {
  smtp: "settings.tab.smtp",
  types: "settings.tab.types",
  templates: "settings.tab.templates",
  logs: "settings.tab.logs",
  suppressions: "settings.tab.suppressions",
  webhooks: "settings.tab.webhooks",
} as const;

export function NotificationsSettings({ tab }: { tab: string }) {
  const { user } = useAuthed();
  const { t } = useI18n();
  const tabs = visibleSettingsTabs(user.permissions);
  const current = tabs.find((x) => x === tab) as SettingsTab | undefined;
  usePageTitle(current ? t(LABELS[current]) : null, t("settings.title"));

  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">{t("settings.breadcrumb")}</p>
        <h1>{t("settings.title")}</h1>
      </header>
      <nav className="tabs" aria-label={t("settings.title")}>
        {tabs.map((x) => (
          <Link
            key={x}
            href={`/settings/notifications/${x}`}
            aria-current={x === current ? "page" : undefined}
          >
            {t(LABELS[x])}
          </Link>
        ))}
      </nav>
      <section className="tab-panel">
        {current === "smtp" ? <SmtpTab /> : null}
        {current === "types" ? (
          <>
            <ClinicLanguageCard />
            <SendWindowCard />
            <TypesTab />
          </>
        ) : null}
        {current === "templates" ? <TemplatesTab /> : null}
        {current === "logs" ? <LogsTab /> : null}
        {current === "suppressions" ? <SuppressionsTab /> : null}
        {current === "webhooks" ? <WebhooksTab /> : null}
        {!current ? <Empty title={t("error.forbidden")} /> : null}
      </section>
    </div>
  );
}
