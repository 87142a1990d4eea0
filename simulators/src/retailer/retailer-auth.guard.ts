import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type SimulatorsConfig } from '../config';
import { bearerToken, matchesAny } from '../core/bearer';
import { retailerError } from '../core/error-shapes';
import { SIM_CONFIG } from '../core/tokens';
import { RetailerStore } from './retailer.store';

/** `Authorization: Bearer <SIM_RETAILER_TOKEN>` (or the tokens set through the control API) on every Retailer Integration API route. */
@Injectable()
export class RetailerAuthGuard implements CanActivate {
  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimulatorsConfig,
    private readonly store: RetailerStore,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(req.headers.authorization);
    if (token === null || !matchesAny(token, this.store.acceptedTokens(this.config.retailer.token))) {
      const error = retailerError(401, 'unauthorized', token === null ? 'Missing bearer token' : 'Invalid bearer token');
      Object.assign(error.headers, { 'WWW-Authenticate': 'Bearer realm="retailer"' });
      throw error;
    }
    return true;
  }
}
