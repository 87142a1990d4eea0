import { type Partner } from './partners';
import { reasonPhrase, SimulatorHttpError } from './simulator-error';

/**
 * Each partner's own error body. Controllers use the helpers; the global filter uses {@link genericErrorBody} for
 * errors raised outside a controller (unknown route, malformed JSON, injected faults, unexpected exceptions), so a
 * client always sees the shape its partner would send.
 */

/** Retailer Integration API (defined by the hub): `{ error: { code, message, field } }`. */
export function retailerError(status: number, code: string, message: string, field: string | null = null): SimulatorHttpError {
  return new SimulatorHttpError(status, { error: { code, message, field } });
}

/**
 * Credit provider (a Spring-style API whose DTOs carry `mensagem`): `{ timestamp, status, error, codigo, mensagem }`
 * plus optional details such as `tentativasRestantes` or `limiteDisponivel`.
 */
export function creditError(status: number, codigo: string, mensagem: string, extra: Record<string, unknown> = {}): SimulatorHttpError {
  return new SimulatorHttpError(status, creditBody(status, codigo, mensagem, extra));
}

function creditBody(status: number, codigo: string, mensagem: string, extra: Record<string, unknown> = {}): unknown {
  return { timestamp: new Date().toISOString(), status, error: reasonPhrase(status), codigo, mensagem, ...extra };
}

/** Loyalty program (Fidelimax-style) answer codes. 100 is success; business problems come back with HTTP 200. */
export const LOYALTY_CODES = {
  OK: 100,
  INVALID_TOKEN: 101,
  INVALID_PARAMETERS: 102,
  CONSUMER_NOT_FOUND: 103,
  CONSUMER_ALREADY_REGISTERED: 104,
  INSUFFICIENT_BALANCE: 105,
  PRIZE_NOT_FOUND: 106,
  VERIFICADOR_NOT_FOUND: 107,
  VERIFICADOR_CONFLICT: 108,
  INTERNAL_ERROR: 199,
} as const;

export function loyaltyError(status: number, code: number, message: string): SimulatorHttpError {
  return new SimulatorHttpError(status, { CodigoResposta: code, MensagemErro: message });
}

/** B2B cart portal: `{ error: { id: "erro.<…>", data: {} } }`. */
export function b2bError(status: number, id: string, data: Record<string, unknown> = {}): SimulatorHttpError {
  return new SimulatorHttpError(status, { error: { id, data } });
}

/** Chat-platform webhook receiver and the control API: `{ error: { code, message, field? } }`. */
export function simpleError(status: number, code: string, message: string, field?: string): SimulatorHttpError {
  return new SimulatorHttpError(status, { error: { code, message, ...(field !== undefined ? { field } : {}) } });
}

const GENERIC_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export function genericErrorBody(area: Partner | 'control' | null, status: number, message: string): unknown {
  const code = GENERIC_CODES[status] ?? (status >= 500 ? 'server_error' : 'client_error');
  switch (area) {
    case 'retailer':
      return { error: { code, message, field: null } };
    case 'credit':
      return creditBody(status, code.toUpperCase(), message);
    case 'loyalty':
      return {
        CodigoResposta:
          status === 401 ? LOYALTY_CODES.INVALID_TOKEN : status >= 500 ? LOYALTY_CODES.INTERNAL_ERROR : LOYALTY_CODES.INVALID_PARAMETERS,
        MensagemErro: message,
      };
    case 'b2b':
      return { error: { id: `erro.${code}`, data: {} } };
    default:
      return { error: { code, message } };
  }
}
