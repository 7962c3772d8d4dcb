// `npm run dev`: the API on :3000 (embedded database, demo data, workers) and `ng serve` on :4200
// with live reload, proxying /api and /docs to the API (frontend/proxy.conf.json). Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const children = [
  spawn(process.execPath, ['dist/backend/src/main.api.js'], { cwd: root, stdio: 'inherit' }),
  spawn(bin('ng'), ['serve', '--host', process.env.DEV_HOST ?? 'localhost', '--port', process.env.DEV_PORT ?? '4200'], { cwd: root, stdio: 'inherit' }),
];
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
};
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
