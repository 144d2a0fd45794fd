// The seed's permission names, and the one check every screen uses to hide what a user cannot do.

export const PERM = {
  settingsRead: "notifications.settings.read",
  settingsWrite: "notifications.settings.write",
  templatesRead: "notifications.templates.read",
  templatesWrite: "notifications.templates.write",
  preferencesRead: "notifications.preferences.read",
  preferencesWrite: "notifications.preferences.write",
  logsRead: "notifications.logs.read",
  send: "notifications.send",
  suppressionsRead: "notifications.suppressions.read",
  suppressionsWrite: "notifications.suppressions.write",
  webhooksManage: "notifications.webhooks.manage",
} as const;

export type Permission = (typeof PERM)[keyof typeof PERM];

export function hasPermission(permissions: readonly string[], perm: Permission): boolean {
  return permissions.includes(perm) || permissions.includes("*");
}

export type SettingsTab = "smtp" | "types" | "templates" | "logs" | "suppressions" | "webhooks";

/** The settings tabs a user may open, in display order. */
export function visibleSettingsTabs(permissions: readonly string[]): SettingsTab[] {
  const tabs: SettingsTab[] = [];
  if (hasPermission(permissions, PERM.settingsRead)) tabs.push("smtp", "types");
  if (hasPermission(permissions, PERM.templatesRead)) tabs.push("templates");
  if (hasPermission(permissions, PERM.logsRead)) tabs.push("logs");
  if (hasPermission(permissions, PERM.suppressionsRead)) tabs.push("suppressions");
  if (hasPermission(permissions, PERM.webhooksManage)) tabs.push("webhooks");
  return tabs;
}
