import { defineErrorCodes } from '@looma-hub/domain';

/** The HTTP edge: what is wrong with a request before any feature looks at it. */
export const RequestErrors = defineErrorCodes({
  /** DTO validation: every offending field is named in `errors`. */
  Invalid: { code: 'request.invalid', category: 'invalid', title: 'Bad request' },
  MalformedJson: { code: 'request.malformed-json', category: 'invalid', title: 'Malformed JSON' },
  /** JSON nested deeper than the edge accepts (MAX_JSON_DEPTH). */
  TooDeep: { code: 'request.too-deep', category: 'invalid', title: 'JSON nested too deeply' },
  TooLarge: { code: 'request.too-large', category: 'too_large', title: 'Payload too large' },
  UnsupportedMediaType: { code: 'request.unsupported-media-type', category: 'unsupported', title: 'Unsupported media type' },
  RouteNotFound: { code: 'request.route-not-found', category: 'not_found', title: 'Not found' },
});

export const AuthErrors = defineErrorCodes({
  Unauthorized: { code: 'auth.unauthorized', category: 'unauthorized', title: 'Unauthorized' },
  Forbidden: { code: 'auth.forbidden', category: 'forbidden', title: 'Forbidden' },
});

/** Something the hub depends on is down: a 503 with Retry-After, a retryable failure in an activity. */
export const InfraErrors = defineErrorCodes({
  DatabaseUnavailable: { code: 'database.unavailable', category: 'unavailable', title: 'Database unavailable' },
  KafkaUnavailable: { code: 'kafka.unavailable', category: 'unavailable', title: 'Message broker unavailable' },
  TemporalUnavailable: { code: 'temporal.unavailable', category: 'unavailable', title: 'Workflow engine unavailable' },
  /** Another hub service (its internal API) did not answer, or answered with something that is not its own. */
  ServiceUnavailable: { code: 'service.unavailable', category: 'unavailable', title: 'Service unavailable' },
});
