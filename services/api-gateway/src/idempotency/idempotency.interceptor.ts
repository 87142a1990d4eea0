import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IdempotencyErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { errorFromProblem, type ProblemDetails, toProblem } from '@looma-hub/platform';
import canonicalize from 'canonicalize';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { TenantRequest } from '../tenant/auth.guards';
import { IdempotencyRecordEntity } from './idempotency.entity';

const KEY_PATTERN = /^[\w.:-]{1,255}$/;
/** A request still "processing" after this long died with its process: the key may be used again. */
const ABANDONED_AFTER_MS = 60_000;
/** Stored answers are kept this long (the usual window for client retries). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/**
 * Only business rejections (422) are stored and replayed. Validation errors (400), auth errors and 5xx
 * leave no record: the request did nothing, and a corrected or later retry with the same key may run.
 */
const STORABLE_ERROR = (status: number) => status === 422;

/**
 * What "the same request" means: method, path and the body as RFC 8785 canonical JSON (key order does not matter).
 * Bodies reach here at most MAX_JSON_DEPTH deep (the edge refuses deeper ones), so canonicalising cannot overflow.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalize(body ?? null) ?? 'null'}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first request runs and its answer is stored; the same key with the same
 * body gets the stored answer again (header `Idempotent-Replayed: true`); the same key with another body is
 * refused with 422; a retry while the first is still running gets 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<TenantRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next.handle();
    return from(this.handle(req, res, key, next));
  }

  private async handle(req: TenantRequest, res: Response, key: string, next: CallHandler): Promise<unknown> {
    if (!KEY_PATTERN.test(key)) {
      throw new DomainError(IdempotencyErrors.InvalidKey, 'Idempotency-Key must be 1–255 characters of [A-Za-z0-9_.:-].', {
        field: 'Idempotency-Key',
      });
    }
    const tenantId = req.tenant?.tenantId ?? 'admin';
    const path = req.originalUrl.split('?')[0] ?? req.path;
    const requestHash = requestFingerprint(req.method, path, req.body);
    const repo = this.dataSource.getRepository(IdempotencyRecordEntity);

    const claim = () =>
      repo
        .createQueryBuilder()
        .insert()
        .values({ tenantId, key, requestHash, method: req.method, path, state: 'processing', responseStatus: null })
        .orIgnore()
        .returning(['key'])
        .execute();
    let inserted = await claim();
    if (!inserted.raw.length) {
      // Expired answers and requests abandoned by a crashed process free their key.
      const freed = await this.dataSource.query(
        `DELETE FROM gateway.idempotency_record WHERE tenant_id = $1 AND key = $2
           AND ((state = 'processing' AND created_at < now() - make_interval(secs => $3))
             OR created_at < now() - make_interval(hours => $4))
         RETURNING key`,
        [tenantId, key, ABANDONED_AFTER_MS / 1000, IDEMPOTENCY_RETENTION_HOURS],
      );
      if ((freed as unknown[][])[0]?.length) inserted = await claim();
    }

    if (!inserted.raw.length) {
      const existing = await repo.findOneByOrFail({ tenantId, key });
      if (existing.requestHash !== requestHash) {
        throw new DomainError(
          IdempotencyErrors.KeyReused,
          'This Idempotency-Key was already used with a different request body; use a new key for a new request.',
          { field: 'Idempotency-Key' },
        );
      }
      if (existing.state === 'processing') {
        throw new DomainError(IdempotencyErrors.InProgress, 'A request with this Idempotency-Key is still being processed; retry shortly.');
      }
      res.setHeader('Idempotent-Replayed', 'true');
      if (existing.responseStatus && existing.responseStatus >= 400) {
        throw errorFromProblem(existing.responseStatus, existing.responseBody as ProblemDetails);
      }
      return existing.responseBody;
    }

    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await repo.update(
        { tenantId, key },
        { state: 'completed', responseStatus: 200, responseBody: body ?? null, completedAt: new Date() },
      );
      return body;
    } catch (err) {
      const problem = toProblem(err, path);
      if (STORABLE_ERROR(problem.status)) {
        await repo.update(
          { tenantId, key },
          { state: 'completed', responseStatus: problem.status, responseBody: problem, completedAt: new Date() },
        );
      } else {
        await repo.delete({ tenantId, key });
      }
      throw err;
    }
  }
}
