#!/usr/bin/env node
import { run } from './run.js';

const code = await run(process.argv.slice(2));
// Explicit exit: the wasm back end and worker pools may hold the event loop open.
process.exit(code);
