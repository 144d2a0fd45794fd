/**
 * The seed's eight permissions, plus the one that lets a service publish events over HTTP and
 * the two of the clinic's list of suppressed (bouncing) addresses.
 */
export const PERMISSIONS = [
  "notifications.settings.read",
  "notifications.settings.write",
  "notifications.templates.read",
  "notifications.templates.write",
  "notifications.preferences.read",
  "notifications.preferences.write",
  "notifications.logs.read",
  "notifications.send",
  "notifications.events.publish",
  "notifications.webhooks.manage",
  "notifications.suppressions.read",
  "notifications.suppressions.write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Installation-wide permissions: for the operator's tokens (`token --installation`), never
 * part of a clinic role nor granted by a clinic token, whatever it lists.
 */
export const INSTALLATION_PERMISSIONS = [
  "notifications.system_templates.write",
  "notifications.system_webhooks.write",
] as const;
export type InstallationPermission = (typeof INSTALLATION_PERMISSIONS)[number];

export function isInstallationPermission(value: string): value is InstallationPermission {
  return (INSTALLATION_PERMISSIONS as readonly string[]).includes(value);
}

export const ROLES = ["admin", "dentist", "hygienist", "assistant", "receptionist"] as const;
export type Role = (typeof ROLES)[number];

// Whoever fixes a patient's address may take it off the suppression list (and put one on).
const clinical: Permission[] = [
  "notifications.templates.read",
  "notifications.preferences.read",
  "notifications.preferences.write",
  "notifications.logs.read",
  "notifications.send",
  "notifications.suppressions.read",
  "notifications.suppressions.write",
];
const frontDesk: Permission[] = [
  "notifications.preferences.read",
  "notifications.preferences.write",
  "notifications.logs.read",
  "notifications.send",
  "notifications.suppressions.read",
  "notifications.suppressions.write",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  dentist: clinical,
  hygienist: clinical,
  assistant: frontDesk,
  receptionist: frontDesk,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** A token's effective permissions: its explicit list when present, else its role's defaults. */
export function permissionsFor(
  role: string | undefined,
  explicit: readonly string[] | undefined,
): Permission[] {
  if (explicit && explicit.length > 0) return explicit.filter(isPermission);
  return role && isRole(role) ? [...ROLE_PERMISSIONS[role]] : [];
}
