import type { Clock } from "../../core/clock.js";
import type { PasswordCipher } from "../../core/crypto/password-cipher.js";
import type { Database } from "../../core/db/client.js";
import type { HostLookup } from "../../core/email/index.js";
import { ConflictError, NotFoundError } from "../../core/errors.js";
import { attemptDelivery } from "./attempt.js";
import {
  countEndpoints,
  deleteEndpoint,
  type EndpointRow,
  type EndpointScope,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  updateEndpoint,
} from "./endpoints-repo.js";
import { TEST_EVENT_TYPE } from "./event-types.js";
import { envelope, newMessageId } from "./fan-out.js";
import type { PostResult, RefusedAttempt } from "./sender.js";
import { generateSecret } from "./signing.js";
import type { Subscriptions } from "./subscriptions.js";
import { checkWebhookUrl, WebhookUrlRefusedError } from "./url-guard.js";

/** Endpoints one clinic (or the installation) may have. */
export const MAX_ENDPOINTS = 20;

export interface EndpointInput {
  url: string;
  description?: string;
  eventTypes?: string[];
  enabled?: boolean;
}

export interface WebhookEndpointsDeps {
  database: Database;
  cipher: PasswordCipher;
  clock: Clock;
  subscriptions: Subscriptions;
  allowPrivateHosts: boolean;
  timeoutSeconds: number;
  lookup?: HostLookup;
}

/**
 * Endpoints of a clinic or of the installation. The signing secret is made here, stored
 * encrypted like SMTP passwords, and handed out twice only: when the endpoint is created and
 * when its secret is rotated.
 */
export class WebhookEndpoints {
  constructor(private readonly deps: WebhookEndpointsDeps) {}

  private get db() {
    return this.deps.database.db;
  }

  /** The URL passes the SSRF guard now (its host resolves to allowed addresses), or a 422 on `url`. */
  private async checkUrl(url: string): Promise<string> {
    try {
      return (
        await checkWebhookUrl(url, { allowPrivate: this.deps.allowPrivateHosts, lookup: this.deps.lookup })
      ).url.href;
    } catch (err) {
      if (err instanceof WebhookUrlRefusedError || (err as { status?: number }).status === 422) throw err;
      throw new WebhookUrlRefusedError(`the host cannot be resolved (${(err as Error).message})`);
    }
  }

  list(scope: EndpointScope): Promise<EndpointRow[]> {
    return listEndpoints(this.db, scope);
  }

  async get(scope: EndpointScope, id: string): Promise<EndpointRow> {
    const row = await findEndpoint(this.db, scope, id);
    if (!row) throw new NotFoundError("webhook endpoint");
    return row;
  }

  async create(
    scope: EndpointScope,
    input: EndpointInput,
  ): Promise<{ endpoint: EndpointRow; secret: string }> {
    const url = await this.checkUrl(input.url);
    if ((await countEndpoints(this.db, scope)) >= MAX_ENDPOINTS) {
      throw new ConflictError(`at most ${MAX_ENDPOINTS} webhook endpoints; delete one first`);
    }
    const secret = generateSecret();
    const now = this.deps.clock.now();
    const endpoint = await insertEndpoint(this.db, {
      clinicId: scope,
      url,
      description: input.description ?? "",
      eventTypes: [...new Set(input.eventTypes ?? [])],
      enabled: input.enabled ?? true,
      secretEncrypted: this.deps.cipher.encryptPassword(secret),
      createdAt: now,
      updatedAt: now,
    });
    this.deps.subscriptions.invalidate();
    return { endpoint, secret };
  }

  async update(scope: EndpointScope, id: string, input: Partial<EndpointInput>): Promise<EndpointRow> {
    const set: Parameters<typeof updateEndpoint>[3] = {};
    if (input.url !== undefined) set.url = await this.checkUrl(input.url);
    if (input.description !== undefined) set.description = input.description;
    if (input.eventTypes !== undefined) set.eventTypes = [...new Set(input.eventTypes)];
    if (input.enabled !== undefined) set.enabled = input.enabled;
    const row = await updateEndpoint(this.db, scope, id, set, this.deps.clock.now());
    if (!row) throw new NotFoundError("webhook endpoint");
    this.deps.subscriptions.invalidate();
    return row;
  }

  /** A new secret; the old one stops signing at once. */
  async rotateSecret(scope: EndpointScope, id: string): Promise<{ endpoint: EndpointRow; secret: string }> {
    const secret = generateSecret();
    const endpoint = await updateEndpoint(
      this.db,
      scope,
      id,
      { secretEncrypted: this.deps.cipher.encryptPassword(secret) },
      this.deps.clock.now(),
    );
    if (!endpoint) throw new NotFoundError("webhook endpoint");
    return { endpoint, secret };
  }

  async remove(scope: EndpointScope, id: string): Promise<void> {
    if (!(await deleteEndpoint(this.db, scope, id))) throw new NotFoundError("webhook endpoint");
    this.deps.subscriptions.invalidate();
  }

  /**
   * Sends a signed `webhook.test` event now and answers with what the receiver said (like
   * the SMTP test): nothing is stored and nothing is retried.
   */
  async sendTest(scope: EndpointScope, id: string): Promise<PostResult | RefusedAttempt> {
    const endpoint = await this.get(scope, id);
    const at = this.deps.clock.now();
    const body = JSON.stringify(
      envelope(TEST_EVENT_TYPE, at, {
        clinic_id: scope,
        endpoint_id: endpoint.id,
        message: "This is a test event from DentalPin Notifications.",
      }),
    );
    return attemptDelivery(endpoint, { id: newMessageId(), at, body }, this.deps);
  }
}
