import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { B2bModule } from './b2b/b2b.module';
import { ChatModule } from './chat/chat.module';
import { type SimulatorsConfig } from './config';
import { ControlController } from './control/control.controller';
import { CoreModule } from './core/core.module';
import { RequestLogMiddleware } from './core/request-log.middleware';
import { CreditModule } from './credit/credit.module';
import { FaultInjectionMiddleware } from './faults/faults.middleware';
import { FaultsController } from './faults/faults.controller';
import { HealthController } from './health/health.controller';
import { LoyaltyModule } from './loyalty/loyalty.module';
import { RetailerModule } from './retailer/retailer.module';

/** Root module: one feature module per partner, plus the control API, health and fault injection. */
@Module({})
export class SimulatorsModule implements NestModule {
  static forRoot(config: SimulatorsConfig, random?: () => number): DynamicModule {
    return {
      module: SimulatorsModule,
      imports: [CoreModule.forRoot(config, random), RetailerModule, CreditModule, LoyaltyModule, B2bModule, ChatModule],
      controllers: [ControlController, FaultsController, HealthController],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware, FaultInjectionMiddleware).forRoutes('*');
  }
}
