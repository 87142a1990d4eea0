import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type SimulatorsConfig } from '../config';
import { bearerToken, matchesAny } from '../core/bearer';
import { creditError } from '../core/error-shapes';
import { SIM_CONFIG } from '../core/tokens';

/** `Authorization: Bearer <SIM_CREDIT_TOKEN>` on every credit-provider route. */
@Injectable()
export class CreditAuthGuard implements CanActivate {
  constructor(@Inject(SIM_CONFIG) private readonly config: SimulatorsConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(req.headers.authorization);
    if (token === null || !matchesAny(token, [this.config.credit.token])) {
      throw creditError(401, 'NAO_AUTORIZADO', token === null ? 'Token de acesso não informado.' : 'Token de acesso inválido.');
    }
    return true;
  }
}
