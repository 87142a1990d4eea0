import { Inject, Injectable } from '@nestjs/common';
import { type Webhook } from 'standardwebhooks';
import { prefixedId } from '../common/ids';
import { type SimulatorsConfig } from '../config';
import { simpleError } from '../core/error-shapes';
import { ResetRegistry, type Resettable } from '../core/reset-registry';
import { SIM_CONFIG } from '../core/tokens';
import { checkSignature, verifierFor } from './signature';

interface Endpoint {
  endpointId: string;
  secret: string | null;
  verifier: Webhook | null;
  /** Lower-cased header name → exact value the platform expects (the integration's custom auth headers). */
  expectedHeaders: Record<string, string>;
  rejectInvalid: boolean;
  configuredAt: string;
}

export interface Delivery {
  id: string;
  endpointId: string;
  receivedAt: string;
  method: string;
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
  /** The same webhook-id was delivered to this endpoint before (a retry or a replay). */
  duplicate: boolean;
  responseStatus: number;
}

export interface EndpointView {
  endpointId: string;
  hasSecret: boolean;
  expectedHeaders: string[];
  rejectInvalid: boolean;
  configuredAt: string;
}

/** The chat platform's webhook receiver: records every delivery and checks signatures where a secret is set. */
@Injectable()
export class ChatStore implements Resettable {
  private endpoints = new Map<string, Endpoint>();
  private deliveries: Delivery[] = [];

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimulatorsConfig,
    registry: ResetRegistry,
  ) {
    registry.register('chat', this);
  }

  reset(): void {
    this.endpoints = new Map();
    this.deliveries = [];
  }

  configure(
    endpointId: string,
    input: {
      secret?: string | null | undefined;
      expectedHeaders?: Record<string, string> | undefined;
      rejectInvalid?: boolean | undefined;
    },
  ): EndpointView {
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
    };
    this.endpoints.set(endpointId, endpoint);
    return endpointView(endpoint);
  }

  remove(endpointId: string): boolean {
    return this.endpoints.delete(endpointId);
  }

  listEndpoints(): EndpointView[] {
    return [...this.endpoints.values()].map(endpointView);
  }

  /** Records a delivery and decides the answer: 401 when a configured check fails (unless rejectInvalid is off). */
  receive(endpointId: string, method: string, headers: Record<string, string>, rawBody: Buffer): Delivery {
    const endpoint = this.endpoints.get(endpointId);
    const signature = endpoint?.verifier ? checkSignature(endpoint.verifier, rawBody, headers) : null;
    const expected = Object.entries(endpoint?.expectedHeaders ?? {});
    const missingHeaders = expected.filter(([name, value]) => headers[name] !== value).map(([name]) => name);
    const headersValid = expected.length === 0 ? null : missingHeaders.length === 0;
    const webhookId = headers['webhook-id'] ?? null;
    const invalid = signature?.valid === false || headersValid === false;
    const text = rawBody.toString('utf8');
    const delivery: Delivery = {
      id: prefixedId('dlv'),
      endpointId,
      receivedAt: new Date().toISOString(),
      method,
      headers,
      rawBody: text,
      body: parseJson(text),
      webhookId,
      signatureValid: signature === null ? null : signature.valid,
      signatureError: signature?.error ?? null,
      headersValid,
      missingHeaders,
      duplicate: webhookId !== null && this.deliveries.some((d) => d.endpointId === endpointId && d.webhookId === webhookId),
      responseStatus: invalid && (endpoint?.rejectInvalid ?? true) ? 401 : 200,
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > this.config.chat.maxDeliveries)
      this.deliveries.splice(0, this.deliveries.length - this.config.chat.maxDeliveries);
    return delivery;
  }

  listDeliveries(filter: { endpointId?: string | undefined; webhookId?: string | undefined }): Delivery[] {
    return this.deliveries
      .filter((d) => filter.endpointId === undefined || d.endpointId === filter.endpointId)
      .filter((d) => filter.webhookId === undefined || d.webhookId === filter.webhookId);
  }

  clearDeliveries(): number {
    const n = this.deliveries.length;
    this.deliveries = [];
    return n;
  }
}

function endpointView(e: Endpoint): EndpointView {
  return {
    endpointId: e.endpointId,
    hasSecret: e.secret !== null,
    expectedHeaders: Object.keys(e.expectedHeaders),
    rejectInvalid: e.rejectInvalid,
    configuredAt: e.configuredAt,
  };
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
