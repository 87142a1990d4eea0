import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { faultInputSchema } from './fault.schema';
import { type FaultView, FaultsService } from './faults.service';

/** Control API (dev/tests only, no auth): fault rules applied to partner routes. */
@Controller('_control/faults')
export class FaultsController {
  constructor(private readonly faults: FaultsService) {}

  @Post()
  create(@Body() body: unknown): FaultView {
    const parsed = parseWith(faultInputSchema, body ?? {});
    if (!parsed.ok) throw simpleError(422, 'validation_failed', parsed.issue.message, parsed.issue.field);
    return this.faults.create(parsed.value);
  }

  @Get()
  list(): { items: FaultView[] } {
    return { items: this.faults.list() };
  }

  @Delete()
  @HttpCode(200)
  clear(): { deleted: number } {
    return { deleted: this.faults.clear() };
  }

  @Delete(':id')
  @HttpCode(200)
  remove(@Param('id') id: string): { deleted: number } {
    if (!this.faults.remove(id)) throw simpleError(404, 'fault_not_found', `No fault rule ${id}`);
    return { deleted: 1 };
  }
}
