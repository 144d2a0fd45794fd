import { Registry } from "prom-client";
import type { Config } from "./config.js";
import { AccessVerifier } from "./core/auth/access-verifier.js";
import { TokenService } from "./core/auth/tokens.js";
import { type Clock, systemClock } from "./core/clock.js";
import { PasswordCipher } from "./core/crypto/password-cipher.js";
import { type Database, openDatabase } from "./core/db/client.js";
import { runMigrations } from "./core/db/migrate.js";
import { type ConsoleOutput, EmailService } from "./core/email/index.js";
import { EventDispatcher } from "./core/events/dispatcher.js";
import { EventBus } from "./core/events/event-bus.js";
import { FactReporter } from "./core/events/reports.js";
import { createLogger, type Logger } from "./core/logger.js";
import { RegistryMetrics, readTableSnapshot, registerTableGauges } from "./core/metrics/index.js";
import { resolveSecretKey } from "./core/secret-key.js";
import {
  CachedTemplateStore,
  DbTemplateStore,
  RenderPool,
  TEMPLATES_CHANNEL,
  TemplateEngine,
  TemplateService,
} from "./core/templates/index.js";
import {
  DIRECTORY_EVENT_SCHEMAS,
  DirectoryService,
  findClinic,
  patientPayload,
  patientWriteFromEvent,
  RESPONSE_EVENTS,
} from "./modules/directory/index.js";
import {
  type CustomTypeDefinition,
  DbClinicEmailSettingsSource,
  Delivery,
  DispatchBatch,
  EMAIL_EVENT_NAMES,
  EmailReports,
  EmailWorker,
  emailEventSchema,
  NotificationService,
  NotificationTypeRegistry,
  outboxBacklogCheck,
  PREFERENCE_EVENT_NAMES,
  PreferenceReports,
  preferenceEventSchema,
  ReminderPlanner,
  registerCustomType,
  registerNotificationHandlers,
} from "./modules/notifications/index.js";
import { createWebhooks, registerWebhookBusHandlers } from "./modules/webhooks/index.js";

export interface AppOptions {
  /** An already open database (tests); otherwise opened from config. */
  database?: Database;
  clock?: Clock;
  logger?: Logger;
  migrate?: boolean;
  /** Accept self-signed SMTP certificates (tests only). */
  smtpTlsRejectUnauthorized?: boolean;
  /** Where the console email provider prints emails; default process.stdout. */
  consoleOutput?: ConsoleOutput;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/** The composition root: every service of the process, built once from config. */
export async function createApp(config: Config, options: AppOptions = {}) {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const secretKey = resolveSecretKey(config);
  const database = options.database ?? (await openDatabase(config.database));
  if (options.migrate ?? true) await runMigrations(database);
  // The app's own registry, handed to what records into it: counters of this process, and
  // gauges read from the tables at scrape time (the same in every process).
  const metricsRegistry = new Registry();
  const metrics = new RegistryMetrics(metricsRegistry);
  registerTableGauges(metricsRegistry, () => readTableSnapshot(database, clock.now()));

  const cipher = new PasswordCipher(secretKey, config.secretKeyFallbacks, logger);
  const tokens = new TokenService(secretKey);
  const access = new AccessVerifier(tokens, async (id) => Boolean(await findClinic(database.db, id)));
  const registry = new NotificationTypeRegistry();
  const settingsSource = new DbClinicEmailSettingsSource(database.db, cipher);
  const email = new EmailService({
    settingsSource,
    global: config.email,
    logger,
    tls: { rejectUnauthorized: options.smtpTlsRejectUnauthorized ?? true },
    allowPrivateHosts: config.smtpAllowPrivateHosts,
    consoleOutput: options.consoleOutput ?? process.stdout,
  });
  // Stored templates change rarely and are read for every email: kept until a write's NOTIFY
  // says otherwise (see watchTemplates), and 30 s at most (see CachedTemplateStore).
  const templateStore = new CachedTemplateStore(new DbTemplateStore(database.db), { ttlMs: 30_000 });
  let unwatchTemplates: (() => Promise<void>) | null = null;
  // Previews render in threads of their own (started on first use), so a heavy one cannot hold
  // up other requests; three, so that one clinic (at most 2 in flight) leaves one for the others.
  const templateEngine = new TemplateEngine();
  const renderPool = new RenderPool({ size: 3, limits: templateEngine.limits, logger });
  const templates = new TemplateService({
    store: templateStore,
    logger,
    engine: templateEngine,
    pool: renderPool,
  });
  const webhooks = createWebhooks({
    database,
    cipher,
    clock,
    logger,
    metrics,
    config: config.webhooks,
    allowPrivateHosts: config.smtpAllowPrivateHosts,
  });
  // Each dispatcher batch hands its handlers one DispatchBatch: shared reads, queued log rows.
  const bus = new EventBus(
    database,
    clock,
    (events, tx): Promise<DispatchBatch> => DispatchBatch.open(registry, events, tx, emailReports),
    { schemas: DIRECTORY_EVENT_SCHEMAS, fallback: patientPayload },
  );
  // What this service reports about itself goes to webhooks and to bus.on(…) handlers.
  const reporter = new FactReporter(bus, [webhooks.fanOut]);
  const emailReports: EmailReports = new EmailReports(reporter);
  const preferenceReports = new PreferenceReports(reporter);
  for (const name of EMAIL_EVENT_NAMES) bus.registerEvent(name, emailEventSchema);
  for (const name of PREFERENCE_EVENT_NAMES) bus.registerEvent(name, preferenceEventSchema);
  const reported = new Set<string>([...EMAIL_EVENT_NAMES, ...PREFERENCE_EVENT_NAMES]);
  bus.reservePublishing(...reported, ...Object.values(RESPONSE_EVENTS));
  // A report names a patient the directory already has (as the email had it): it never rewrites one.
  bus.onPublish((name, payload) => (reported.has(name) ? null : patientWriteFromEvent(payload)));
  registerWebhookBusHandlers(bus, webhooks.fanOut);
  const delivery = new Delivery({
    database,
    templates,
    email,
    registry,
    tokens,
    clock,
    logger,
    publicUrl: config.publicUrl,
    maxAttempts: config.worker.maxAttempts,
    retryBaseSeconds: config.worker.retryBaseSeconds,
    leaseSeconds: config.worker.leaseSeconds,
    metrics,
    reports: emailReports,
  });
  // Direct calls (wait: true) deliver at once; the delivery needs nothing of the service.
  const notifications = new NotificationService({
    database,
    registry,
    clock,
    deliverer: delivery,
    reports: emailReports,
  });
  const reminders = new ReminderPlanner({ database, notifications, registry, clock, reports: emailReports });
  registerNotificationHandlers(bus, { notifications, reminders, clock });
  const dispatcher = new EventDispatcher(
    { database, bus, clock, logger },
    { holdBack: outboxBacklogCheck(database, clock) },
  );
  const worker = new EmailWorker(
    { database, delivery, clock, logger },
    { concurrency: config.worker.concurrency, leaseSeconds: config.worker.leaseSeconds },
  );
  const directory = new DirectoryService({ database, bus, clock });

  return {
    config,
    logger,
    clock,
    database,
    cipher,
    tokens,
    access,
    registry,
    settingsSource,
    email,
    templates,
    templateStore,
    renderPool,
    bus,
    notifications,
    reminders,
    delivery,
    dispatcher,
    worker,
    directory,
    metrics,
    metricsRegistry,
    webhooks,
    preferenceReports,
    /** A module's own notification type (seed pattern 3). */
    registerNotificationType(definition: CustomTypeDefinition) {
      registerCustomType({ registry, bus, templates, notifications }, definition);
    },
    /** Forgets cached templates whenever any process writes one (LISTEN); stopped by close(). */
    async watchTemplates() {
      unwatchTemplates ??= await database.listen(TEMPLATES_CHANNEL, () => templateStore.invalidate());
    },
    /** Background work: event dispatch, email sending, webhook delivery. */
    async startBackground() {
      await dispatcher.start();
      await worker.start();
      await webhooks.worker.start();
    },
    async close() {
      await dispatcher.stop();
      await worker.stop();
      await webhooks.worker.stop();
      await email.close();
      await renderPool.close();
      await unwatchTemplates?.();
      if (!options.database) await database.close();
    },
  };
}
