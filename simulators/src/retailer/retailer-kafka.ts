import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import { type SimulatorsConfig } from '../config';
import { SIM_CONFIG } from '../core/tokens';

/**
 * The retailer's Kafka producer (its push transport), shared by whatever it publishes: connects on first use,
 * creates a missing topic once, sends with acks from every in-sync replica.
 */
@Injectable()
export class RetailerKafka implements OnApplicationShutdown {
  private producer: Promise<Producer> | undefined;
  private readonly topics = new Set<string>();

  constructor(@Inject(SIM_CONFIG) private readonly config: SimulatorsConfig) {}

  async send(topic: string, messages: Message[]): Promise<void> {
    const producer = await this.connect();
    await this.ensureTopic(topic);
    for (let i = 0; i < messages.length; i += 5_000) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 5_000) });
    }
  }

  private kafka(): Kafka {
    return new Kafka({ clientId: 'looma-simulators', brokers: this.config.retailer.kafkaBrokers, logLevel: logLevel.WARN });
  }

  private connect(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka().producer({ allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })().catch((err: unknown) => {
      this.producer = undefined;
      throw err;
    });
    return this.producer;
  }

  private async ensureTopic(topic: string): Promise<void> {
    if (this.topics.has(topic)) return;
    const admin = this.kafka().admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) {
        // Another publisher may create it meanwhile: that is as good.
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] }).catch(() => false);
      }
      this.topics.add(topic);
    } finally {
      await admin.disconnect();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }
}
