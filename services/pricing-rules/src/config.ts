import { configFragments, loadConfig } from '@looma-hub/platform';

export const configShape = {
  ...configFragments.runtime,
  ...configFragments.http(3002),
  ...configFragments.database,
  ...configFragments.kafka,
  ...configFragments.internalApi,
  ...configFragments.secrets,
};

export type ServiceConfig = ReturnType<typeof loadServiceConfig>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('pricing-rules', configShape, env);
}
