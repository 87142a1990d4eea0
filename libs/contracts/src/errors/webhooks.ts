import { defineErrorCodes } from '@looma-hub/domain';

export const WebhookErrors = defineErrorCodes({
  EndpointNotFound: { code: 'endpoint.not-found', category: 'not_found', title: 'Webhook endpoint not found' },
  EndpointDisabled: { code: 'endpoint.disabled', category: 'conflict', title: 'Webhook endpoint disabled' },
  DeliveryNotFound: { code: 'delivery.not-found', category: 'not_found', title: 'Delivery not found' },
  InboundSourceNotFound: { code: 'inbound-source.not-found', category: 'not_found', title: 'Inbound source not found' },
  HeadersMissing: { code: 'webhook.headers-missing', category: 'unauthorized', title: 'Webhook headers missing' },
  TimestampInvalid: { code: 'webhook.timestamp-invalid', category: 'unauthorized', title: 'Webhook timestamp invalid' },
  TimestampOutOfRange: { code: 'webhook.timestamp-out-of-range', category: 'unauthorized', title: 'Webhook timestamp out of range' },
  SignatureInvalid: { code: 'webhook.signature-invalid', category: 'unauthorized', title: 'Webhook signature invalid' },
});
