import { Module } from '@nestjs/common';
import { B2bAuthGuard } from './b2b-auth.guard';
import { B2bControlController } from './b2b-control.controller';
import { B2bController } from './b2b.controller';
import { B2bStore } from './b2b.store';

@Module({
  controllers: [B2bController, B2bControlController],
  providers: [B2bStore, B2bAuthGuard],
})
export class B2bModule {}
