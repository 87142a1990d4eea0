import { Module } from '@nestjs/common';
import { LoyaltyAuthGuard, LoyaltyTokens } from './loyalty-auth.guard';
import { LoyaltyControlController } from './loyalty-control.controller';
import { LoyaltyController } from './loyalty.controller';
import { LoyaltyStore } from './loyalty.store';

@Module({
  controllers: [LoyaltyController, LoyaltyControlController],
  providers: [LoyaltyStore, LoyaltyTokens, LoyaltyAuthGuard],
})
export class LoyaltyModule {}
