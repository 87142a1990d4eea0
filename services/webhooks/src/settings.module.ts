import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DELIVERY_SETTINGS, deliverySettingsOf, type WebhooksConfig } from './config';

export const CONSUMER_SETTINGS = Symbol('CONSUMER_SETTINGS');

export interface ConsumerSettings {
  enabled: boolean;
  groupId: string;
  fromBeginning: boolean;
}

export interface DispatcherSwitch {
  enabled: boolean;
}
export const DISPATCHER_SWITCH = Symbol('DISPATCHER_SWITCH');

/** The service's own settings, derived once from the validated config, for every feature module. */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(config: WebhooksConfig): DynamicModule {
    const providers = [
      { provide: DELIVERY_SETTINGS, useValue: deliverySettingsOf(config) },
      {
        provide: CONSUMER_SETTINGS,
        useValue: {
          enabled: config.WEBHOOK_CONSUMER_ENABLED,
          groupId: config.WEBHOOK_CONSUMER_GROUP,
          fromBeginning: config.WEBHOOK_CONSUMER_FROM_BEGINNING,
        },
      },
      { provide: DISPATCHER_SWITCH, useValue: { enabled: config.WEBHOOK_DISPATCHER_ENABLED } },
    ];
    return { module: SettingsModule, providers, exports: providers.map((p) => p.provide) };
  }
}
