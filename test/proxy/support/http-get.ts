/**
 * GET through the proxy or straight from the daemon, with the body hashed as it streams: fault
 * tests compare what a client got through the proxy with what the daemon itself sends, for
 * bodies of many MiB, without holding them.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';

export interface Fetched {
  status: number;
  bytes: number;
  sha256: string;
  /** The body itself when it is at most `keepUpTo` bytes (default 1 MiB), else undefined. */
  body: Buffer | undefined;
}

/** `url` is a DOCKER_HOST form: tcp://host:port or unix:///path. */
export function requestOptions(url: string): http.RequestOptions {
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  const m = /^tcp:\/\/(.+):(\d+)$/.exec(url);
  if (!m) throw new Error(`not a tcp:// or unix:// url: ${url}`);
  return { host: m[1]!, port: Number(m[2]) };
}

export function fetchVia(url: string, path: string, options: { agent?: http.Agent; keepUpTo?: number } = {}): Promise<Fetched> {
  const keepUpTo = options.keepUpTo ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const req = http.get({ ...requestOptions(url), path, agent: options.agent ?? false }, (res) => {
      const hash = createHash('sha256');
      let kept: Buffer[] | undefined = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (kept && bytes <= keepUpTo) kept.push(chunk);
        else kept = undefined;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, sha256: hash.digest('hex'), body: kept && Buffer.concat(kept) }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error(`GET ${path} via ${url}: response aborted after ${bytes} bytes`)));
    });
    req.on('error', (err) => reject(new Error(`GET ${path} via ${url}: ${err.message}`, { cause: err })));
  });
}
