import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, createLogger, describeConfig, loadConfig, ProblemDetailsFilter } from '@lotledger/platform';
import { AnchorAppModule } from './nest/anchor-app.module.js';

/** Boots the anchor service alone: `node services/anchor/dist/main.js` (configuration from the environment). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, service: 'anchor' });
  logger.info({ config: describeConfig(config) }, 'starting');
  // Nest types its options as a class but reads them as plain data (pino replaces Nest's logger).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const app = await NestFactory.create<NestFastifyApplication>(AnchorAppModule.forRoot(config, { logger }), new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalFilters(
    new ProblemDetailsFilter((error) => {
      logger.error({ err: error }, 'request failed');
    }),
  );
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  await app.listen(config.http.port, config.http.host);
  logger.info({ url: `http://${config.http.host}:${String(config.http.port)}` }, 'anchor service listening (/health, /ready, /metrics)');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
