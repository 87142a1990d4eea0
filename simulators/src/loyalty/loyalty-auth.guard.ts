import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type SimulatorsConfig } from '../config';
import { headerValue, matchesAny } from '../core/bearer';
import { LOYALTY_CODES, loyaltyError } from '../core/error-shapes';
import { SIM_CONFIG } from '../core/tokens';
import { type TokenOrigin } from './loyalty.store';

/** Tokens per single store and per branch; which kind a call used is recorded on its movements. */
@Injectable()
export class LoyaltyTokens {
  constructor(@Inject(SIM_CONFIG) private readonly config: SimulatorsConfig) {}

  originOf(token: string | undefined): TokenOrigin | null {
    if (!token) return null;
    if (matchesAny(token, this.config.loyalty.storeTokens)) return 'loja';
    if (matchesAny(token, this.config.loyalty.branchTokens)) return 'filial';
    return null;
  }
}

/** Header `AuthToken` on every loyalty operation; a missing or unknown token is HTTP 401 with CodigoResposta 101. */
@Injectable()
export class LoyaltyAuthGuard implements CanActivate {
  constructor(private readonly tokens: LoyaltyTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (this.tokens.originOf(headerValue(req.headers.authtoken)) === null) {
      throw loyaltyError(401, LOYALTY_CODES.INVALID_TOKEN, 'AuthToken ausente ou inválido.');
    }
    return true;
  }
}
