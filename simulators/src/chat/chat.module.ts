import { Module } from '@nestjs/common';
import { ChatControlController } from './chat-control.controller';
import { ChatController } from './chat.controller';
import { ChatStore } from './chat.store';

@Module({
  controllers: [ChatController, ChatControlController],
  providers: [ChatStore],
})
export class ChatModule {}
