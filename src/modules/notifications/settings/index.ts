/** The public face of modules/notifications/settings/: what code outside this folder may import. */
export {
  DbClinicEmailSettingsSource,
  type DbClinicEmailSettingsSourceOptions,
} from "./clinic-settings-source.js";
export {
  PREFERENCE_EVENT_NAMES,
  PreferenceReports,
  preferenceEventSchema,
} from "./preference-events.js";
export { findPreferences, findPreferencesOf, type PatientPreferences } from "./preferences-repo.js";
export { getPreferences, preferencesView, updatePreferences } from "./preferences-service.js";
export {
  type ClinicSendWindow,
  getSendWindow,
  getSendWindowsOf,
  parseSendWindow,
  saveSendWindow,
  sendWindowView,
} from "./send-window-repo.js";
export {
  applySettingsUpdate,
  type ClinicSettings,
  getClinicSettings,
  getClinicSettingsOf,
  saveClinicSettings,
} from "./settings-repo.js";
export {
  findSmtpSettings,
  findStoredPasswords,
  markSmtpVerified,
  replaceStoredPassword,
  type SmtpSettingsRow,
  upsertSmtpSettings,
} from "./smtp-settings-repo.js";
export {
  deleteSystemTemplate,
  listSystemTemplates,
  saveSystemTemplate,
  systemTemplateView,
} from "./system-templates.js";
export {
  deleteClinicTemplate,
  findVisibleTemplate,
  insertClinicTemplate,
  listTemplates,
  type TemplateRow,
  updateClinicTemplate,
} from "./templates-repo.js";
