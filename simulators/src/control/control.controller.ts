import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ClockService } from '../core/clock.service';
import { simpleError } from '../core/error-shapes';
import { isPartner, type Partner } from '../core/partners';
import { ResetRegistry } from '../core/reset-registry';
import { parseWith } from '../core/validation';
import { FaultsService } from '../faults/faults.service';

const clockSchema = z.union([
  z.strictObject({
    advanceMs: z
      .number()
      .int()
      .min(-366 * 86_400_000)
      .max(366 * 86_400_000),
  }),
  z.strictObject({
    offsetMs: z
      .number()
      .int()
      .min(-366 * 86_400_000)
      .max(366 * 86_400_000),
  }),
]);

interface ClockView {
  now: string;
  offsetMs: number;
}

/**
 * Control API for development and tests only (no auth; the app binds to loopback). Resets, the simulated clock;
 * each partner module adds its own inspection routes under `/_control/<partner>`.
 */
@Controller('_control')
export class ControlController {
  constructor(
    private readonly registry: ResetRegistry,
    private readonly faults: FaultsService,
    private readonly clock: ClockService,
  ) {}

  /** Every partner back to its fixtures, fault rules removed, clock back to real time. */
  @Post('reset')
  @HttpCode(200)
  resetAll(): { reset: Partner[]; faultsDeleted: number } {
    const reset = this.registry.reset();
    const faultsDeleted = this.faults.clear();
    this.clock.setOffset(0);
    return { reset, faultsDeleted };
  }

  /** One partner back to its fixtures (fault rules and the clock are left alone). */
  @Post(':partner/reset')
  @HttpCode(200)
  resetPartner(@Param('partner') partner: string): { reset: Partner[] } {
    if (!isPartner(partner)) throw simpleError(404, 'unknown_partner', `No partner ${partner}`);
    return { reset: this.registry.reset(partner) };
  }

  @Get('clock')
  getClock(): ClockView {
    return this.clockView();
  }

  /** `{ advanceMs }` moves the simulated clock forward (or back); `{ offsetMs }` sets the offset from real time. */
  @Post('clock')
  @HttpCode(200)
  setClock(@Body() body: unknown): ClockView {
    const parsed = parseWith(clockSchema, body ?? {});
    if (!parsed.ok) throw simpleError(422, 'validation_failed', 'send { advanceMs } or { offsetMs } (integer ms)', parsed.issue.field);
    if ('advanceMs' in parsed.value) this.clock.advance(parsed.value.advanceMs);
    else this.clock.setOffset(parsed.value.offsetMs);
    return this.clockView();
  }

  private clockView(): ClockView {
    return { now: new Date(this.clock.now()).toISOString(), offsetMs: this.clock.offset() };
  }
}
