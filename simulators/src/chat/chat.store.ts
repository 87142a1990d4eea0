import { Inject, Injectable } from '@nestjs/common';
import { type Webhook } from 'standardwebhooks';
import { prefixedId } from '../common/ids';
import { type SimulatorsConfig } from '../config';
import { simpleError } from '../core/error-shapes';
import { ResetRegistry, type Resettable } from '../core/reset-registry';
import { SIM_CONFIG } from '../core/tokens';
import {
  type AppliedBehaviour,
  type Answer,
  answerFor,
  type Behaviour,
  BehaviourState,
  type BehaviourView,
  type Rejection,
} from './behaviour';
import { type BodyFormat, checkFormat, formatOf } from './formats';
import { checkSignature, verifierFor } from './signature';

interface Endpoint {
  endpointId: string;
  secret: string | null;
  verifier: Webhook | null;
  /** Lower-cased header name → exact value the platform expects (the integration's custom auth headers). */
  expectedHeaders: Record<string, string>;
  rejectInvalid: boolean;
  configuredAt: string;
  behaviour: BehaviourState | null;
}

/** One attempt that reached a receiver route, whatever it was answered. */
export interface Delivery {
  id: string;
  endpointId: string;
  /** When the request arrived (a `slow` answer leaves later, see `answeredAt`). */
  receivedAt: string;
  /** When the answer left; null while a `slow` answer waits, or when the client hung up first. */
  answeredAt: string | null;
  /** The client closed the connection before a `slow` answer left (e.g. the hub's timeout). */
  clientGone: boolean;
  method: string;
  path: string;
  /** The order id of an OmniChat `/v2/orders/{orderId}/statusChange` call; null on `/chat/webhooks`. */
  orderId: string | null;
  headers: Record<string, string>;
  rawBody: string;
  body: unknown;
  webhookId: string | null;
  /** null when the endpoint has no secret (never configured, or configured without one). */
  signatureValid: boolean | null;
  signatureError: string | null;
  /** null when no expected headers are configured. */
  headersValid: boolean | null;
  missingHeaders: string[];
  /** The body format checked: `omnichat` on the OmniChat route, `cloudevents` for application/cloudevents+json. */
  format: BodyFormat | null;
  /** null when no format is checked. */
  bodyValid: boolean | null;
  bodyError: string | null;
  /** The same webhook-id was delivered to this endpoint before (a retry or a replay). */
  duplicate: boolean;
  behaviour: AppliedBehaviour;
  responseStatus: number;
  responseBody: string;
}

export interface EndpointView {
  endpointId: string;
  hasSecret: boolean;
  expectedHeaders: string[];
  rejectInvalid: boolean;
  configuredAt: string;
  /** null = healthy, never set. */
  behaviour: BehaviourView | null;
}

export interface EndpointChecks {
  secret?: string | null | undefined;
  expectedHeaders?: Record<string, string> | undefined;
  rejectInvalid?: boolean | undefined;
}

export interface IncomingAttempt {
  route: 'webhooks' | 'omnichat';
  endpointId: string;
  orderId?: string | null;
  method: string;
  path: string;
  /** Lower-cased names (Node's), multiple values joined by ", ". */
  headers: Record<string, string>;
  rawBody: Buffer;
}

export interface DeliveryFilter {
  endpointId?: string | undefined;
  webhookId?: string | undefined;
  status?: number | undefined;
}

/**
 * The chat platform's webhook receiver: records every attempt, checks signatures, custom headers and body formats
 * where configured, and answers per the endpoint's behaviour.
 */
@Injectable()
export class ChatStore implements Resettable {
  private endpoints = new Map<string, Endpoint>();
  private deliveries: Delivery[] = [];
  /** endpointId + webhook-id → recorded attempts, so `duplicate` costs a lookup rather than a scan. */
  private seen = new Map<string, number>();

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimulatorsConfig,
    registry: ResetRegistry,
  ) {
    registry.register('chat', this);
  }

  reset(): void {
    this.endpoints = new Map();
    this.clearDeliveries();
  }

  /** Sets the endpoint's checks; its behaviour is kept (it has its own route). */
  configure(endpointId: string, input: EndpointChecks): EndpointView {
    return endpointView(this.upsert(endpointId, input));
  }

  /** Sets how the endpoint answers from the next attempt on; an endpoint never configured gets no checks. */
  setBehaviour(endpointId: string, behaviour: Behaviour): EndpointView {
    const endpoint = this.endpoints.get(endpointId) ?? this.upsert(endpointId, {});
    endpoint.behaviour = new BehaviourState(behaviour);
    return endpointView(endpoint);
  }

  remove(endpointId: string): boolean {
    return this.endpoints.delete(endpointId);
  }

  listEndpoints(): EndpointView[] {
    return [...this.endpoints.values()].map(endpointView);
  }

  /**
   * Records an attempt and decides its answer. The checks run on every attempt (so a failed one still shows
   * whether its signature held); the behaviour then picks the status.
   */
  receive(attempt: IncomingAttempt): { delivery: Delivery; answer: Answer } {
    const { endpointId, headers, rawBody } = attempt;
    const receivedAt = new Date().toISOString();
    const endpoint = this.endpoints.get(endpointId);
    const signature = endpoint?.verifier ? checkSignature(endpoint.verifier, rawBody, headers) : null;
    const expected = Object.entries(endpoint?.expectedHeaders ?? {});
    const missingHeaders = expected.filter(([name, value]) => headers[name] !== value).map(([name]) => name);
    const headersValid = expected.length === 0 ? null : missingHeaders.length === 0;
    const text = rawBody.toString('utf8');
    const body = parseJson(text);
    const format = formatOf(attempt.route, headers['content-type']);
    const formatCheck = format === null ? null : checkFormat(format, body);

    const webhookId = headers['webhook-id'] ?? null;
    const seenKey = webhookId === null ? null : `${endpointId}\n${webhookId}`;
    const seenBefore = seenKey === null ? 0 : (this.seen.get(seenKey) ?? 0);

    let rejection: Rejection | null = null;
    if (endpoint?.rejectInvalid ?? true) {
      if (signature?.valid === false) {
        rejection = { status: 401, code: 'invalid_signature', message: `Signature check failed: ${signature.error ?? ''}` };
      } else if (headersValid === false) {
        rejection = { status: 401, code: 'invalid_headers', message: `Missing or wrong headers: ${missingHeaders.join(', ')}` };
      } else if (formatCheck?.valid === false) {
        rejection = { status: 400, code: 'invalid_body', message: `Not a valid ${format ?? ''} body: ${formatCheck.error ?? ''}` };
      }
    }
    const id = prefixedId('dlv');
    const behaviour = endpoint?.behaviour?.take() ?? { mode: 'healthy' };
    const answer = answerFor(endpointId, id, behaviour, rejection);

    const delivery: Delivery = {
      id,
      endpointId,
      receivedAt,
      answeredAt: answer.delayMs > 0 ? null : receivedAt,
      clientGone: false,
      method: attempt.method,
      path: attempt.path,
      orderId: attempt.orderId ?? null,
      headers,
      rawBody: text,
      body: body ?? null,
      webhookId,
      signatureValid: signature === null ? null : signature.valid,
      signatureError: signature?.error ?? null,
      headersValid,
      missingHeaders,
      format,
      bodyValid: formatCheck === null ? null : formatCheck.valid,
      bodyError: formatCheck?.error ?? null,
      duplicate: seenBefore > 0,
      behaviour,
      responseStatus: answer.status,
      responseBody: answer.body,
    };
    this.deliveries.push(delivery);
    if (seenKey !== null) this.seen.set(seenKey, seenBefore + 1);
    this.trim();
    return { delivery, answer };
  }

  /** A delayed answer left (`clientGone` false) or could not, because the client had hung up. */
  settle(delivery: Delivery, outcome: 'answered' | 'client_gone'): void {
    if (outcome === 'answered') delivery.answeredAt = new Date().toISOString();
    else delivery.clientGone = true;
  }

  listDeliveries(filter: DeliveryFilter): Delivery[] {
    return this.deliveries.filter(
      (d) =>
        (filter.endpointId === undefined || d.endpointId === filter.endpointId) &&
        (filter.webhookId === undefined || d.webhookId === filter.webhookId) &&
        (filter.status === undefined || d.responseStatus === filter.status),
    );
  }

  clearDeliveries(): number {
    const n = this.deliveries.length;
    this.deliveries = [];
    this.seen = new Map();
    return n;
  }

  private upsert(endpointId: string, input: EndpointChecks): Endpoint {
    const secret = input.secret ?? null;
    const verifier = secret === null ? null : verifierFor(secret);
    if (secret !== null && verifier === null) {
      throw simpleError(422, 'validation_failed', 'secret must be a Standard Webhooks secret: "whsec_" + base64', 'secret');
    }
    const endpoint: Endpoint = {
      endpointId,
      secret,
      verifier,
      expectedHeaders: Object.fromEntries(Object.entries(input.expectedHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      rejectInvalid: input.rejectInvalid ?? true,
      configuredAt: new Date().toISOString(),
      behaviour: this.endpoints.get(endpointId)?.behaviour ?? null,
    };
    this.endpoints.set(endpointId, endpoint);
    return endpoint;
  }

  private trim(): void {
    const excess = this.deliveries.length - this.config.chat.maxDeliveries;
    if (excess <= 0) return;
    for (const dropped of this.deliveries.splice(0, excess)) {
      if (dropped.webhookId === null) continue;
      const key = `${dropped.endpointId}\n${dropped.webhookId}`;
      const n = (this.seen.get(key) ?? 1) - 1;
      if (n > 0) this.seen.set(key, n);
      else this.seen.delete(key);
    }
  }
}

function endpointView(e: Endpoint): EndpointView {
  return {
    endpointId: e.endpointId,
    hasSecret: e.secret !== null,
    expectedHeaders: Object.keys(e.expectedHeaders),
    rejectInvalid: e.rejectInvalid,
    configuredAt: e.configuredAt,
    behaviour: e.behaviour?.view() ?? null,
  };
}

/** The parsed body; undefined when it is empty or not JSON. */
function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
