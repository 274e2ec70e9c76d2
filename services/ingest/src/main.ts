import 'reflect-metadata';
import { describeConfig, loadConfig } from '@lotledger/platform';
import { createIngestApp } from './ingest.app.js';

// Boots the ingest service alone (`node services/ingest/dist/main.js`); `lotledger start` composes it with the others.
const config = loadConfig();
const app = await createIngestApp(config);
await app.listen({ host: config.http.host, port: config.http.port });
process.stdout.write(`${JSON.stringify({ msg: 'ingest listening', url: await app.getUrl(), config: describeConfig(config) })}\n`);
