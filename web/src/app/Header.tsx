// Top bar: brand, navigation (only what the user may use), language and logout.
// On a phone the navigation folds behind a menu button.
import { useState } from "react";
import { LocaleSwitch } from "../components/LocaleSwitch.js";
import { useI18n } from "../i18n/context.js";
import { visibleSettingsTabs } from "../lib/permissions.js";
import { Link, useLocation } from "../lib/router.js";
import { useAuthed } from "./session.js";

export function Header() {
  const { user, clinic, logout } = useAuthed();
  const { t } = useI18n();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const hasSettings = visibleSettingsTabs(user.permissions).length > 0;

  const items = [
    ...(hasSettings ? [{ href: "/settings/notifications", label: t("nav.notifications") }] : []),
    { href: "/patients", label: t("nav.patients") },
    { href: "/appointments", label: t("nav.appointments") },
    { href: "/budgets", label: t("nav.budgets") },
  ];

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        <span className="brand-name">DentalPin</span>
        <span className="brand-clinic">{clinic.name}</span>
      </div>
      <button
        type="button"
        className="btn btn-ghost nav-toggle"
        aria-expanded={open}
        aria-controls="main-nav"
        onClick={() => setOpen((o) => !o)}
      >
        ☰ {t("header.menu")}
      </button>
      <nav id="main-nav" className={`main-nav ${open ? "open" : ""}`} aria-label={t("header.mainNav")}>
        <ul>
          {items.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={path.startsWith(item.href) ? "page" : undefined}
                onClick={() => setOpen(false)}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="header-tools">
          <LocaleSwitch />
          <span className="user-email" title={user.role ?? undefined}>
            {user.email ?? user.role}
          </span>
          <button type="button" className="btn btn-small" onClick={logout}>
            {t("header.logout")}
          </button>
        </div>
      </nav>
    </header>
  );
}
