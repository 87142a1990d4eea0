import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type SimulatorsConfig } from '../config';
import { FaultsService } from '../faults/faults.service';
import { ClockService } from './clock.service';
import { SimulatorExceptionFilter } from './exception.filter';
import { ResetRegistry } from './reset-registry';
import { SIM_CONFIG, SIM_RANDOM } from './tokens';

/** Shared providers every partner module uses: config, clock, reset registry, fault rules, the error filter. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: SimulatorsConfig, random: () => number = Math.random): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: SIM_CONFIG, useValue: config },
        { provide: SIM_RANDOM, useValue: random },
        { provide: APP_FILTER, useClass: SimulatorExceptionFilter },
        ClockService,
        ResetRegistry,
        FaultsService,
      ],
      exports: [SIM_CONFIG, ClockService, ResetRegistry, FaultsService],
    };
  }
}
