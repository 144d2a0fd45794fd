/** The public face of modules/directory/: what code outside this folder may import. */
export { type Appointment, findAppointment, findAppointmentsOf } from "./appointments-repo.js";
export { findBudget } from "./budgets-repo.js";
export { type Clinic, createClinic, findClinic, findClinics } from "./clinics-repo.js";
export { hasAnyClinic, seedDemo } from "./demo.js";
export { DirectoryService } from "./directory-service.js";
export { patientWriteFromEvent } from "./event-patients.js";
export { DIRECTORY_EVENT_SCHEMAS, type DirectoryEventName, patientPayload } from "./event-schemas.js";
export { mayAnswer, RESPONSE_EVENTS } from "./patient-responses.js";
export { findPatient, findPatientsOf, fullName, type Patient, splitName } from "./patients-repo.js";
export { findProfessional, firstProfessional } from "./professionals-repo.js";
export { createUser } from "./users-repo.js";
