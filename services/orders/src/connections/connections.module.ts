import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnerConnectionEntity } from './connection.entity';
import { ConnectionService } from './connection.service';
import { InternalConnectionsController } from './internal-connections.controller';

/** The tenants' partner connections: this service is their one owner. */
@Module({
  imports: [TypeOrmModule.forFeature([PartnerConnectionEntity])],
  controllers: [InternalConnectionsController],
  providers: [ConnectionService],
  exports: [ConnectionService],
})
export class ConnectionsModule {}
