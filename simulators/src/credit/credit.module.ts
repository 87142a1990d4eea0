import { Module } from '@nestjs/common';
import { CreditAuthGuard } from './credit-auth.guard';
import { CreditControlController } from './credit-control.controller';
import { CreditController } from './credit.controller';
import { CreditStore } from './credit.store';

@Module({
  controllers: [CreditController, CreditControlController],
  providers: [CreditStore, CreditAuthGuard],
})
export class CreditModule {}
