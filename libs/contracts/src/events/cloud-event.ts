/**
 * CloudEvents 1.0 envelope (JSON structured mode) used on every Kafka topic. `type` is the topic's versioned
 * event name; `tenantid` is an extension attribute so consumers can scope without parsing `data`.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  tenantid: string;
  correlationid?: string;
  data: T;
}

export function isCloudEvent(value: unknown): value is CloudEvent {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.specversion === '1.0' &&
    typeof v.id === 'string' &&
    v.id.length > 0 &&
    typeof v.type === 'string' &&
    typeof v.source === 'string' &&
    typeof v.tenantid === 'string' &&
    'data' in v
  );
}
