import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig, type AppConfig } from '@lotledger/platform';
import { createGatewayApp } from './gateway-app.js';
import { gatewayOptionsFromEnv, type GatewayOptions } from './gateway-options.js';

// Boots the gateway alone: configuration validated once (every problem listed, exit 78), then listen.
let config: AppConfig;
let gateway: GatewayOptions;
try {
  config = loadConfig(process.env);
  gateway = gatewayOptionsFromEnv(process.env, config.http);
} catch (error) {
  if (error instanceof ConfigError || (error instanceof Error && error.message.startsWith('invalid configuration'))) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}
const logger = createLogger({ level: config.logLevel, service: 'gateway' });
const app = await createGatewayApp({ config, gateway, logger, withAuth: true });
await app.listen(config.http.port, config.http.host);
logger.info({ url: `http://${config.http.host}:${String(config.http.port)}`, publicBaseUrl: gateway.publicBaseUrl }, 'gateway listening');
