import type { RulePack } from '../../core/types.js';

export const messagingPack: RulePack = {
  id: 'messaging',
  description: 'Message brokers and streams: Kafka, RabbitMQ, NATS JetStream, Pulsar — deleting topics, queues, streams and their messages',
  rules: [],
};
