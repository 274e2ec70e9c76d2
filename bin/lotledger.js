#!/usr/bin/env node
// The root package's bin: `npx lotledger …` runs the compiled CLI (built by `npm install` via `prepare`).
import { main } from '@lotledger/cli';

process.exitCode = await main(process.argv.slice(2));
