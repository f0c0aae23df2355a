// Support for the browser tests: a real Redis, a real ibasho-server on free ports serving the
// built client, and Debian's Chromium driven by playwright-core. Node 18 compatible.

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const clientDir = path.join(repo, 'client-web');
export const distDir = path.join(clientDir, 'dist');

export const chromiumPath = process.env.IBASHO_CHROMIUM || '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function clientIsStale() {
  const index = path.join(distDir, 'index.html');
  const modules = path.join(clientDir, 'node_modules', 'playwright-core');
  if (!existsSync(index) || !existsSync(modules)) return true;
  const built = statSync(index).mtimeMs;
  return [path.join(clientDir, 'src'), path.join(clientDir, 'public')].some((d) => newestMtime(d) > built);
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// Builds the client when it is missing or older than its sources, so the suite always tests
// what is in the tree. deploy/build-client.sh also installs node_modules when needed. Test
// files may run in parallel: a lock folder keeps them from building at the same time.
export function ensureClientBuilt() {
  if (!clientIsStale()) return;
  const lock = path.join(os.tmpdir(), 'ibasho-client-build-' + createHash('sha256').update(repo).digest('hex').slice(0, 12));
  const deadline = Date.now() + 5 * 60 * 1000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A lock left by a killed run is old: take it over.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10 * 60 * 1000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone in between
      }
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
      sleepSync(200);
    }
  }
  try {
    if (clientIsStale()) {
      execFileSync('bash', [path.join(repo, 'deploy', 'build-client.sh')], { cwd: repo, stdio: 'inherit' });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// playwright-core and axe-core are devDependencies of client-web; load them from there.
export function clientRequire() {
  return createRequire(path.join(clientDir, 'package.json'));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > until) reject(new Error(`nothing listens on port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function stopProcess(proc, signal = 'SIGTERM', graceMs = 5000) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill(signal);
  });
}

// A real Redis: the one named by IBASHO_TEST_REDIS_URL, or a throw-away one on a free port.
export async function startRedis() {
  if (process.env.IBASHO_TEST_REDIS_URL) {
    return { url: process.env.IBASHO_TEST_REDIS_URL, stop: async () => {} };
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ibasho-e2e-redis-'));
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 10000);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await stopProcess(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let serverCount = 0;

// ibasho-server on a free port (--listen 127.0.0.1:0; the port comes from the started line).
export async function startServer({ rooms, redisUrl, extraArgs = [] }) {
  const bin = process.env.IBASHO_SERVER_BIN || path.join(repo, 'build', 'server', 'ibasho-server');
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: build it first (cmake -S . -B build -G Ninja && ninja -C build ibasho-server)`);
  }
  const args = ['--listen', '127.0.0.1:0', '--rooms', rooms, '--static', distDir, '--threads', '1', ...extraArgs];
  // A key prefix of its own, so a Redis that outlives one run (a developer's, or the suite's
  // shared one) never hands this server another run's rooms and history.
  if (redisUrl) args.push('--redis', redisUrl, '--redis-prefix', `e2e${process.pid}-${++serverCount}:`);
  const proc = spawn(bin, args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = [];
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('ibasho-server did not start:\n' + lines.join('\n'))), 15000);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (lines.length > 400) lines.shift();
        const m = /event=started .*http_port=(\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ibasho-server exited with ${code}:\n` + lines.join('\n')));
    });
  });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    logs: () => lines.join('\n'),
    stop: () => stopProcess(proc),
  };
}

export async function launchBrowser() {
  const { chromium } = clientRequire()('playwright-core');
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run deploy/install-deps.sh --browser`);
  // playwright gives every launch a new, empty user-data-dir of its own.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

const clientCsp = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; " +
  "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const contentTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml' };

// The built client from a plain static server with the server's CSP, for the view tests that
// script the WebSocket and API answers themselves: anything outside dist/ is a JSON 404.
export async function serveClient() {
  const { createServer } = await import('node:http');
  const { createReadStream } = await import('node:fs');
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.join(distDir, path.normalize(url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(distDir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"not_found"}}');
      return;
    }
    res.writeHead(200, { 'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': clientCsp, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}
