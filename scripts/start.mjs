#!/usr/bin/env node
// `npm start`: the one-process demo host (server/). tsx runs the TypeScript sources directly.
import { spawn } from 'node:child_process';

const child = spawn('npx', ['tsx', 'server/src/main.ts'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
