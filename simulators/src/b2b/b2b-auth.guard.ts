import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type SimulatorsConfig } from '../config';
import { bearerToken, headerValue, matchesAny } from '../core/bearer';
import { b2bError } from '../core/error-shapes';
import { SIM_CONFIG } from '../core/tokens';

const SESSION = /^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Bearer token (SIM_B2B_TOKEN) and a `sessao_id` header (a UUID, with or without dashes) on every cart call. */
@Injectable()
export class B2bAuthGuard implements CanActivate {
  constructor(@Inject(SIM_CONFIG) private readonly config: SimulatorsConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(req.headers.authorization);
    if (token === null || !matchesAny(token, [this.config.b2b.token])) throw b2bError(401, 'erro.autenticacao');
    const session = headerValue(req.headers.sessao_id);
    if (!session) throw b2bError(400, 'erro.sessao.obrigatoria', { header: 'sessao_id' });
    if (!SESSION.test(session)) throw b2bError(400, 'erro.sessao.invalida', { sessao_id: session });
    return true;
  }
}

/** The session id, normalized (lower case, no dashes) so both UUID spellings name the same session. */
export function sessionOf(req: Request): string {
  return (headerValue(req.headers.sessao_id) ?? '').replace(/-/g, '').toLowerCase();
}
