/**
 * Setup file of the replay project: a global `WebSocket` (undici's; Node 20 has none) before
 * any file of the fork starts an msw server. msw's interceptors are module singletons shared by
 * every `setupServer`; one that listens while no global WebSocket exists leaves its websocket
 * interceptor unapplied, and `dispose()` of an unapplied interceptor returns before removing
 * its listeners (@mswjs/interceptors Interceptor.dispose). Once a later file installed a
 * WebSocket, that stale listener, holding an earlier file's engine, took the attach/ws
 * connection first and closed it with 1011 (no attach/ws in that engine): attach-ws failed
 * about one run in three after other files in a shared fork.
 */
import { createRequire } from 'node:module';

// Installed as a getter that loads undici on first use: the files that never look at a
// WebSocket (the docker CLI sessions, which start first and run longest) do not wait ~100 ms
// for undici before their first step. Whoever reads it (msw's interceptor, when a server
// listens) gets undici's class, then a plain property. Assigning replaces it.
if (typeof Object.getOwnPropertyDescriptor(globalThis, 'WebSocket') === 'undefined') {
  const settle = (value: unknown) => Object.defineProperty(globalThis, 'WebSocket', { value, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, 'WebSocket', {
    configurable: true,
    enumerable: false,
    get() {
      const { WebSocket } = createRequire(import.meta.url)('undici') as typeof import('undici');
      settle(WebSocket);
      return WebSocket;
    },
    set: settle,
  });
}
