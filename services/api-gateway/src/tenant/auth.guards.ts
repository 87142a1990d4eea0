import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from '@looma-hub/domain';
import { AuthErrors, setContextTenant } from '@looma-hub/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { type AuthenticatedTenant, TenantService } from './tenant.service';

export type TenantRequest = Request & { tenant?: AuthenticatedTenant };

const unauthorized = (detail = 'A valid API key is required (Authorization: Bearer <key> or X-Api-Key).') =>
  new DomainError(AuthErrors.Unauthorized, detail);

/** The key presented, or undefined. Two different keys (Authorization and X-Api-Key) are refused as ambiguous. */
function presentedKey(req: Request): string | undefined {
  const auth = req.header('authorization');
  const bearer = auth ? /^Bearer\s+(\S+)$/i.exec(auth.trim())?.[1] : undefined;
  const header = req.header('x-api-key')?.trim() || undefined;
  if (auth && !bearer) return undefined;
  if (bearer && header && bearer !== header)
    throw unauthorized('Two different keys were presented (Authorization and X-Api-Key); send one.');
  return bearer ?? header;
}

/** Every /v1 route: a valid tenant API key (`Authorization: Bearer <key>` or `X-Api-Key`), else 401. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly tenants: TenantService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<TenantRequest>();
    const key = presentedKey(req);
    if (!key) throw unauthorized();
    const tenant = await this.tenants.authenticate(key);
    if (!tenant) throw unauthorized('The API key is not valid, or was revoked.');
    req.tenant = tenant;
    setContextTenant(tenant.tenantId);
    return true;
  }
}

/** /admin routes: the operator's admin key (ADMIN_API_KEY). */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const key = presentedKey(ctx.switchToHttp().getRequest<Request>()) ?? '';
    const a = Buffer.from(key);
    const b = Buffer.from(this.config.ADMIN_API_KEY);
    if (a.length === b.length && timingSafeEqual(a, b)) return true;
    throw unauthorized('A valid admin key is required for /admin routes.');
  }
}

/** The authenticated tenant id of a /v1 request. */
export const TenantId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const tenant = ctx.switchToHttp().getRequest<TenantRequest>().tenant;
  if (!tenant) throw unauthorized();
  return tenant.tenantId;
});
